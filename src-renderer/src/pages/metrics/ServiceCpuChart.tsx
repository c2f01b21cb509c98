import { useMemo } from 'react';
import type { MetricsRange } from '../../../../src-shared/api/features/metrics';
import { PercentLineChart } from '../../components/PercentLineChart';
import { PALETTE, timeTick } from './chart-format';
import { toRows, useMetricsHistory } from './use-metrics-history';

/** CPU of each of the stack's services (percent of one core, as docker stats) over the range. */
export function ServiceCpuChart({
  range,
  services,
  prefix = 'svc.',
}: {
  range: MetricsRange;
  services: string[];
  prefix?: string;
}) {
  const history = useMetricsHistory(
    services.map((s) => `${prefix}${s}.cpu_percent`),
    range,
  );
  const rows = useMemo(
    () => toRows(history.data, (name) => name.slice(prefix.length, -'.cpu_percent'.length)),
    [history.data, prefix],
  );
  const tick = useMemo(() => timeTick(range), [range]);
  return (
    <section className="card chart" aria-label="CPU per service" data-testid="metrics-service-cpu-chart">
      <h2>CPU per service</h2>
      <div className="chart-body">
        {services.length === 0 ? (
          <div className="muted">No service of the stack has run yet.</div>
        ) : rows.length < 2 ? (
          <div className="muted">Collecting samples…</div>
        ) : (
          <PercentLineChart
            data={rows}
            tick={tick}
            height={240}
            capped={false}
            lines={services.map((s, i) => ({ key: s, name: s, color: PALETTE[i % PALETTE.length]!, width: 1.5 }))}
          />
        )}
      </div>
    </section>
  );
}
