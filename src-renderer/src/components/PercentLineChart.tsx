import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface PercentLine {
  key: string;
  name: string;
  color: string;
  width?: number;
}

interface Props {
  data: Record<string, number | undefined>[];
  lines: PercentLine[];
  /** Formats the time axis and the tooltip's label (milliseconds since the epoch). */
  tick: (time: number) => string;
  height: number;
  /** 0-100 for shares of the host; open-ended for CPU of one core, which can pass 100. */
  capped?: boolean;
}

const tooltipStyle = { background: '#16202b', border: '1px solid #2b3a4c' };

/** The app's percent-over-time chart: one line per series, time on `data[].time`. */
export function PercentLineChart({ data, lines, tick, height, capped = true }: Props) {
  return (
    <ResponsiveContainer width="100%" height={height}>
      <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: -12 }}>
        <CartesianGrid stroke="#243040" strokeDasharray="3 3" />
        <XAxis
          dataKey="time"
          type="number"
          domain={['dataMin', 'dataMax']}
          tickFormatter={tick}
          stroke="#7d8da1"
          fontSize={11}
        />
        <YAxis {...(capped ? { domain: [0, 100] } : {})} unit="%" stroke="#7d8da1" fontSize={11} />
        <Tooltip
          labelFormatter={(v) => tick(Number(v))}
          formatter={(v) => `${Number(v).toFixed(1)} %`}
          contentStyle={tooltipStyle}
        />
        <Legend />
        {lines.map((l) => (
          <Line
            key={l.key}
            type="monotone"
            dataKey={l.key}
            name={l.name}
            stroke={l.color}
            dot={false}
            isAnimationActive={false}
            strokeWidth={l.width ?? 2}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
