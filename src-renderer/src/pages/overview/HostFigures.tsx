import type { HostSample } from '../../../../src-shared/api';
import { formatBytes, formatPercent } from '../../components/format';

export function HostFigures({ latest }: { latest: HostSample | undefined }) {
  const memPercent = latest ? (latest.memUsedBytes / latest.memTotalBytes) * 100 : undefined;
  return (
    <div className="figures">
      <section className="card figure" aria-label="CPU">
        <h2>CPU</h2>
        <div className="big" data-testid="cpu-percent">
          {formatPercent(latest?.cpuPercent)}
        </div>
        <div className="muted">all cores, last second</div>
      </section>
      <section className="card figure" aria-label="Memory">
        <h2>Memory</h2>
        <div className="big" data-testid="mem-percent">
          {formatPercent(memPercent)}
        </div>
        <div className="muted" data-testid="mem-used">
          {formatBytes(latest?.memUsedBytes)} used of {formatBytes(latest?.memTotalBytes)}
        </div>
      </section>
    </div>
  );
}
