import { useMemo } from 'react';
import type { MetricsRange } from '../../../../src-shared/api/features/metrics';
import { PercentLineChart } from '../../components/PercentLineChart';
import { timeTick } from './chart-format';
import { toRows, useMetricsHistory } from './use-metrics-history';

const SERIES = ['host.cpu_percent', 'host.mem_used_bytes', 'host.mem_total_bytes', 'app.cpu_percent'];

/** Host CPU and memory (percent) and this app's CPU over the chosen range. */
export function HostHistoryChart({ range }: { range: MetricsRange }) {
  const history = useMetricsHistory(SERIES, range);
  // Derived once per answer: the page re-renders on every live tick, the history changes every 2 s or more.
  const rows = useMemo(
    () =>
      toRows(history.data, (s) => s).map((r) => ({
        time: r.time!,
        cpu: r['host.cpu_percent'],
        mem: r['host.mem_total_bytes']
          ? (100 * (r['host.mem_used_bytes'] ?? 0)) / r['host.mem_total_bytes']
          : undefined,
        app: r['app.cpu_percent'],
      })),
    [history.data],
  );
  const tick = useMemo(() => timeTick(range), [range]);
  return (
    <section className="card chart" aria-label="Host CPU and memory history" data-testid="metrics-host-chart">
      <h2>Host CPU and memory</h2>
      <div className="chart-body">
        {history.error ? (
          <div className="error">Could not read the history: {history.error.message}</div>
        ) : rows.length < 2 ? (
          <div className="muted">Collecting samples…</div>
        ) : (
          <PercentLineChart
            data={rows}
            tick={tick}
            height={240}
            lines={[
              { key: 'cpu', name: 'Host CPU', color: '#4fb3ff' },
              { key: 'mem', name: 'Host memory', color: '#b48cff' },
              { key: 'app', name: 'This app (CPU of one core)', color: '#3fb950', width: 1 },
            ]}
          />
        )}
      </div>
    </section>
  );
}
