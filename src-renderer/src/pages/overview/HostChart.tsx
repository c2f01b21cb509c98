import type { HostSample } from '../../../../src-shared/api';
import { formatClock } from '../../components/format';
import { PercentLineChart } from '../../components/PercentLineChart';
import { useUiStore, type ChartWindow } from '../../stores/ui-store';

const WINDOWS: { seconds: ChartWindow; label: string }[] = [
  { seconds: 60, label: '1 min' },
  { seconds: 300, label: '5 min' },
  { seconds: 600, label: '10 min' },
];

export function HostChart({ samples }: { samples: HostSample[] }) {
  const windowSeconds = useUiStore((s) => s.chartWindowSeconds);
  const setWindow = useUiStore((s) => s.setChartWindow);
  const newest = samples[samples.length - 1]?.time ?? 0;
  const data = samples
    .filter((s) => s.time >= newest - windowSeconds * 1000)
    .map((s) => ({ time: s.time, cpu: s.cpuPercent, mem: Math.round((s.memUsedBytes / s.memTotalBytes) * 1000) / 10 }));
  return (
    <section className="card chart" aria-label="CPU and memory over time">
      <header className="card-header">
        <h2>CPU and memory</h2>
        <div className="segmented" role="group" aria-label="Time window">
          {WINDOWS.map((w) => (
            <button
              key={w.seconds}
              type="button"
              aria-pressed={w.seconds === windowSeconds}
              onClick={() => setWindow(w.seconds)}
            >
              {w.label}
            </button>
          ))}
        </div>
      </header>
      <div className="chart-body">
        {data.length < 2 ? (
          <div className="muted">Collecting samples…</div>
        ) : (
          <PercentLineChart
            data={data}
            tick={formatClock}
            height={260}
            lines={[
              { key: 'cpu', name: 'CPU', color: '#4fb3ff' },
              { key: 'mem', name: 'Memory', color: '#b48cff' },
            ]}
          />
        )}
      </div>
    </section>
  );
}
