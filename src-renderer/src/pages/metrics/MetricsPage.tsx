import { serviceSeriesPrefix } from '../../../../src-shared/api/features/metrics';
import { useChosenProject } from '../../api/use-projects';
import { ProjectPicker } from '../../components/ProjectPicker';
import { useMetricsViewStore } from '../../stores/metrics-view-store';
import { RANGES } from './chart-format';
import { ContainerTable } from './ContainerTable';
import { CsvExportButton } from './CsvExportButton';
import { HostHistoryChart } from './HostHistoryChart';
import { LiveFigures } from './LiveFigures';
import { ServiceCpuChart } from './ServiceCpuChart';
import { StackMemoryChart } from './StackMemoryChart';
import { useLiveMetrics } from './use-live-metrics';
import { servicesIn, useSeriesNames } from './use-metrics-history';

/** What the machine and every service are doing: live figures, history by range, CSV export. */
export function MetricsPage() {
  const range = useMetricsViewStore((s) => s.range);
  const setRange = useMetricsViewStore((s) => s.setRange);
  const live = useLiveMetrics();
  const names = useSeriesNames();
  const { summary } = useChosenProject();
  const sutazai = live.data?.project ?? '';
  const shown = summary?.name ?? sutazai;
  const prefix = serviceSeriesPrefix(shown, sutazai);
  const services = servicesIn(names.data ?? [], prefix);
  return (
    <div className="page metrics">
      <header className="card-header">
        <h1>Metrics</h1>
        <div className="actions">
          <ProjectPicker />
          <div className="segmented" role="group" aria-label="Time range">
            {RANGES.map((r) => (
              <button key={r.id} type="button" aria-pressed={r.id === range} onClick={() => setRange(r.id)}>
                {r.label}
              </button>
            ))}
          </div>
          <CsvExportButton range={range} series={names.data ?? []} />
        </div>
      </header>
      {live.error && <div className="banner error">Live figures are unavailable: {live.error.message}</div>}
      <LiveFigures snapshot={live.data} />
      <div className="col">
        <HostHistoryChart range={range} />
        <StackMemoryChart range={range} services={services} prefix={prefix} />
        <ServiceCpuChart range={range} services={services} prefix={prefix} />
      </div>
      <ContainerTable snapshot={live.data} project={shown} />
    </div>
  );
}
