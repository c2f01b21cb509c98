import { useMemo } from 'react';
import {
  Area,
  AreaChart,
  CartesianGrid,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { MetricsRange } from '../../../../src-shared/api/features/metrics';
import { useApiQuery } from '../../api/hooks';
import { formatBytes } from '../../components/format';
import { GiB, PALETTE, timeTick, tooltipStyle } from './chart-format';
import { toRows, useMetricsHistory } from './use-metrics-history';

/**
 * The stack's services' memory stacked (working set, as docker stats), against the host's used
 * memory and the memory guard's budget.
 */
export function StackMemoryChart({
  range,
  services,
  prefix = 'svc.',
}: {
  range: MetricsRange;
  services: string[];
  /** Where the shown project's service series are (`svc.` for the SutazAI stack). */
  prefix?: string;
}) {
  const history = useMetricsHistory(
    [...services.map((s) => `${prefix}${s}.mem_bytes`), 'host.mem_used_bytes', 'host.mem_total_bytes'],
    range,
  );
  const guard = useApiQuery('guard:status', {}, { refetchInterval: 10_000 });
  const rows = useMemo(
    () =>
      toRows(history.data, (name) =>
        name.startsWith(prefix) ? name.slice(prefix.length, -'.mem_bytes'.length) : name,
      ),
    [history.data, prefix],
  );
  const tick = useMemo(() => timeTick(range), [range]);
  const budget = guard.data?.budgetBytes;
  const total = rows.at(-1)?.['host.mem_total_bytes'];
  return (
    <section
      className="card chart"
      aria-label="Memory of the stack against the host"
      data-testid="metrics-stack-memory-chart"
    >
      <header className="card-header">
        <h2>Stack memory against the host</h2>
        <span className="muted" data-testid="metrics-guard-budget">
          {budget ? `guard budget ${formatBytes(budget)}` : 'guard budget not known yet'}
          {total ? ` · host ${formatBytes(total)}` : ''}
        </span>
      </header>
      <div className="chart-body">
        {rows.length < 2 ? (
          <div className="muted">Collecting samples…</div>
        ) : (
          <ResponsiveContainer width="100%" height={260}>
            <AreaChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
              <CartesianGrid stroke="#243040" strokeDasharray="3 3" />
              <XAxis
                dataKey="time"
                type="number"
                domain={['dataMin', 'dataMax']}
                tickFormatter={tick}
                stroke="#7d8da1"
                fontSize={11}
              />
              <YAxis
                tickFormatter={(v: number) => `${(v / GiB).toFixed(1)} G`}
                stroke="#7d8da1"
                fontSize={11}
                domain={[0, (max: number) => Math.max(max, budget ?? 0) * 1.05]}
              />
              <Tooltip
                labelFormatter={(v) => tick(Number(v))}
                formatter={(v) => formatBytes(Number(v))}
                contentStyle={tooltipStyle}
              />
              <Legend />
              {services.map((s, i) => (
                <Area
                  key={s}
                  type="monotone"
                  dataKey={s}
                  name={s}
                  stackId="stack"
                  stroke={PALETTE[i % PALETTE.length]}
                  fill={PALETTE[i % PALETTE.length]}
                  fillOpacity={0.35}
                  isAnimationActive={false}
                />
              ))}
              <Line
                type="monotone"
                dataKey="host.mem_used_bytes"
                name="Host used"
                stroke="#e6edf3"
                strokeDasharray="4 3"
                dot={false}
                isAnimationActive={false}
              />
              {budget ? (
                <ReferenceLine
                  y={budget}
                  stroke="#f85149"
                  strokeDasharray="6 3"
                  label={{ value: 'guard budget', fill: '#f85149', fontSize: 11, position: 'insideTopRight' }}
                />
              ) : null}
            </AreaChart>
          </ResponsiveContainer>
        )}
      </div>
    </section>
  );
}
