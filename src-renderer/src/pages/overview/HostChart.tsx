import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { HostSample } from '../../../../src-shared/api';
import { formatClock } from '../../components/format';
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
            <button key={w.seconds} type="button" aria-pressed={w.seconds === windowSeconds} onClick={() => setWindow(w.seconds)}>
              {w.label}
            </button>
          ))}
        </div>
      </header>
      <div className="chart-body">
        {data.length < 2 ? (
          <div className="muted">Collecting samples…</div>
        ) : (
          <ResponsiveContainer width="100%" height={260}>
            <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: -12 }}>
              <CartesianGrid stroke="#243040" strokeDasharray="3 3" />
              <XAxis dataKey="time" type="number" domain={['dataMin', 'dataMax']} tickFormatter={formatClock} stroke="#7d8da1" fontSize={11} />
              <YAxis domain={[0, 100]} unit="%" stroke="#7d8da1" fontSize={11} />
              <Tooltip labelFormatter={(v) => formatClock(Number(v))} formatter={(v) => `${Number(v).toFixed(1)} %`} contentStyle={{ background: '#16202b', border: '1px solid #2b3a4c' }} />
              <Legend />
              <Line type="monotone" dataKey="cpu" name="CPU" stroke="#4fb3ff" dot={false} isAnimationActive={false} strokeWidth={2} />
              <Line type="monotone" dataKey="mem" name="Memory" stroke="#b48cff" dot={false} isAnimationActive={false} strokeWidth={2} />
            </LineChart>
          </ResponsiveContainer>
        )}
      </div>
    </section>
  );
}
