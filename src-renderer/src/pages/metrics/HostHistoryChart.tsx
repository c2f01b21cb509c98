import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricsRange } from '../../../../src-shared/api/features/metrics';
import { timeTick, tooltipStyle } from './chart-format';
import { toRows, useMetricsHistory } from './use-metrics-history';

const SERIES = ['host.cpu_percent', 'host.mem_used_bytes', 'host.mem_total_bytes', 'app.cpu_percent'];

/** Host CPU and memory (percent) and this app's CPU over the chosen range. */
export function HostHistoryChart({ range }: { range: MetricsRange }) {
  const history = useMetricsHistory(SERIES, range);
  const rows = toRows(history.data, (s) => s).map((r) => ({
    time: r.time!,
    cpu: r['host.cpu_percent'],
    mem: r['host.mem_total_bytes'] ? (100 * (r['host.mem_used_bytes'] ?? 0)) / r['host.mem_total_bytes'] : undefined,
    app: r['app.cpu_percent'],
  }));
  const tick = timeTick(range);
  return (
    <section className="card chart" aria-label="Host CPU and memory history" data-testid="metrics-host-chart">
      <h2>Host CPU and memory</h2>
      <div className="chart-body">
        {history.error ? (
          <div className="error">Could not read the history: {history.error.message}</div>
        ) : rows.length < 2 ? (
          <div className="muted">Collecting samples…</div>
        ) : (
          <ResponsiveContainer width="100%" height={240}>
            <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: -12 }}>
              <CartesianGrid stroke="#243040" strokeDasharray="3 3" />
              <XAxis dataKey="time" type="number" domain={['dataMin', 'dataMax']} tickFormatter={tick} stroke="#7d8da1" fontSize={11} />
              <YAxis domain={[0, 100]} unit="%" stroke="#7d8da1" fontSize={11} />
              <Tooltip labelFormatter={(v) => tick(Number(v))} formatter={(v) => `${Number(v).toFixed(1)} %`} contentStyle={tooltipStyle} />
              <Legend />
              <Line type="monotone" dataKey="cpu" name="Host CPU" stroke="#4fb3ff" dot={false} isAnimationActive={false} strokeWidth={2} />
              <Line type="monotone" dataKey="mem" name="Host memory" stroke="#b48cff" dot={false} isAnimationActive={false} strokeWidth={2} />
              <Line type="monotone" dataKey="app" name="This app (CPU of one core)" stroke="#3fb950" dot={false} isAnimationActive={false} strokeWidth={1} />
            </LineChart>
          </ResponsiveContainer>
        )}
      </div>
    </section>
  );
}
