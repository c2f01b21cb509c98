import type { MetricsSnapshot } from '../../../../src-shared/api/features/metrics';
import { formatBytes, formatPercent } from '../../components/format';

function Figure({ label, value, detail, testId }: { label: string; value: string; detail: string; testId: string }) {
  return (
    <section className="card figure" aria-label={label}>
      <h2>{label}</h2>
      <div className="big" data-testid={testId}>
        {value}
      </div>
      <div className="muted">{detail}</div>
    </section>
  );
}

const rate = (bytesPerSec: number) => `${formatBytes(bytesPerSec)}/s`;

/** The newest host, app and GPU figures. */
export function LiveFigures({ snapshot }: { snapshot: MetricsSnapshot | null | undefined }) {
  const h = snapshot?.host;
  return (
    <>
      {h?.probe && (
        <p className={h.probe.fresh ? 'muted' : 'banner warn'} data-testid="metrics-host-source">
          Host figures of the machine running the engine <strong>{h.probe.engine}</strong>, read there by a probe
          container{h.probe.fresh ? '' : `: ${h.probe.note ?? 'no fresh figures'}`}. Network rates are not read there.
        </p>
      )}
      <div
        className="figures"
        style={{ gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))', marginBottom: 16 }}
      >
        <Figure label="Host CPU" testId="metrics-host-cpu" value={formatPercent(h?.cpuPercent)} detail="all cores" />
        <Figure
          label="Host memory"
          testId="metrics-host-mem"
          value={formatBytes(h?.memUsedBytes)}
          detail={`of ${formatBytes(h?.memTotalBytes)} · swap ${formatBytes(h?.swapUsedBytes)} of ${formatBytes(h?.swapTotalBytes)}`}
        />
        <Figure
          label="Network"
          testId="metrics-host-net"
          value={h ? `↓ ${rate(h.netRxBytesPerSec)}` : '–'}
          detail={h ? `↑ ${rate(h.netTxBytesPerSec)}` : ''}
        />
        <Figure
          label="Disk free"
          testId="metrics-disk"
          value={formatBytes(h?.diskEngine?.freeBytes ?? h?.diskHome?.freeBytes)}
          detail={
            h?.diskEngine
              ? `engine data ${h.diskEngine.path} · app data ${formatBytes(h.diskHome?.freeBytes)}`
              : `app data ${h?.diskHome?.path ?? ''}`
          }
        />
        <Figure
          label="This app"
          testId="metrics-app"
          value={formatPercent(snapshot?.app.cpuPercent)}
          detail={`CPU of one core · ${formatBytes(snapshot?.app.rssBytes)} resident`}
        />
        {snapshot?.gpus.map((g) => (
          <Figure
            key={g.index}
            label={`GPU ${g.index}`}
            testId={`metrics-gpu-${g.index}`}
            value={formatPercent(g.utilPercent)}
            detail={`${g.name} · ${formatBytes(g.memUsedBytes)} of ${formatBytes(g.memTotalBytes)}`}
          />
        ))}
      </div>
    </>
  );
}
