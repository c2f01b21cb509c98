import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricsRange } from '../../../../src-shared/api/features/metrics';
import { PALETTE, timeTick, tooltipStyle } from './chart-format';
import { toRows, useMetricsHistory } from './use-metrics-history';

/** CPU of each of the stack's services (percent of one core, as docker stats) over the range. */
export function ServiceCpuChart({ range, services }: { range: MetricsRange; services: string[] }) {
  const history = useMetricsHistory(services.map((s) => `svc.${s}.cpu_percent`), range);
  const rows = toRows(history.data, (name) => name.slice(4, -'.cpu_percent'.length));
  const tick = timeTick(range);
  return (
    <section className="card chart" aria-label="CPU per service" data-testid="metrics-service-cpu-chart">
      <h2>CPU per service</h2>
      <div className="chart-body">
        {services.length === 0 ? (
          <div className="muted">No service of the stack has run yet.</div>
        ) : rows.length < 2 ? (
          <div className="muted">Collecting samples…</div>
        ) : (
          <ResponsiveContainer width="100%" height={240}>
            <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: -12 }}>
              <CartesianGrid stroke="#243040" strokeDasharray="3 3" />
              <XAxis dataKey="time" type="number" domain={['dataMin', 'dataMax']} tickFormatter={tick} stroke="#7d8da1" fontSize={11} />
              <YAxis unit="%" stroke="#7d8da1" fontSize={11} />
              <Tooltip labelFormatter={(v) => tick(Number(v))} formatter={(v) => `${Number(v).toFixed(1)} %`} contentStyle={tooltipStyle} />
              <Legend />
              {services.map((s, i) => (
                <Line key={s} type="monotone" dataKey={s} name={s} stroke={PALETTE[i % PALETTE.length]} dot={false} isAnimationActive={false} strokeWidth={1.5} />
              ))}
            </LineChart>
          </ResponsiveContainer>
        )}
      </div>
    </section>
  );
}
