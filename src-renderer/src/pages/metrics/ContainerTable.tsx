import type { MetricsSnapshot } from '../../../../src-shared/api/features/metrics';
import { formatBytes, formatPercent } from '../../components/format';

const rate = (n: number) => `${formatBytes(n)}/s`;

/** Every running container, the stack's first, with its figures of the last tick. */
export function ContainerTable({
  snapshot,
  project,
}: {
  snapshot: MetricsSnapshot | null | undefined;
  project: string;
}) {
  const rows = [...(snapshot?.containers ?? [])].sort(
    (a, b) => Number(b.project === project) - Number(a.project === project) || b.memBytes - a.memBytes,
  );
  return (
    <section className="card" aria-label="Containers" style={{ marginTop: 16 }}>
      <header className="card-header">
        <h2>Containers</h2>
        <span className="muted" data-testid="metrics-source">
          {snapshot
            ? `${snapshot.containers.length} running · from ${snapshot.source === 'cgroup' ? 'cgroup files' : snapshot.source === 'stats-api' ? 'the engine’s stats API' : 'no engine'} · every ${snapshot.intervalMs / 1000} s`
            : ''}
        </span>
      </header>
      {rows.length === 0 ? (
        <div className="muted">No running containers.</div>
      ) : (
        <table className="table" data-testid="metrics-containers">
          <thead>
            <tr>
              <th>Container</th>
              <th>Service</th>
              <th>CPU</th>
              <th>Memory / limit</th>
              <th>Net ↓ / ↑</th>
              <th>Disk read / write</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c.id} data-testid="metrics-container-row">
                <td className="mono">{c.name}</td>
                <td>
                  {c.project === project ? (
                    c.service
                  ) : (
                    <span className="muted">{c.project ? `${c.project}/${c.service}` : '–'}</span>
                  )}
                </td>
                <td>{formatPercent(c.cpuPercent)}</td>
                <td>
                  {formatBytes(c.memBytes)} / {formatBytes(c.memLimitBytes)}
                </td>
                <td>
                  {rate(c.netRxBytesPerSec)} / {rate(c.netTxBytesPerSec)}
                </td>
                <td>
                  {rate(c.blockReadBytesPerSec)} / {rate(c.blockWriteBytesPerSec)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
