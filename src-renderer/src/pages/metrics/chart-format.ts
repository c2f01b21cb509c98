import type { MetricsRange } from '../../../../src-shared/api/features/metrics';

export const PALETTE = [
  '#4fb3ff',
  '#b48cff',
  '#3fb950',
  '#d29922',
  '#f85149',
  '#39c5cf',
  '#ff9bce',
  '#a5d6ff',
  '#ffa657',
  '#7ee787',
];

export const RANGES: { id: MetricsRange; label: string }[] = [
  { id: '5m', label: '5 min' },
  { id: '1h', label: '1 h' },
  { id: '24h', label: '24 h' },
  { id: '7d', label: '7 d' },
];

/** Axis labels that suit the range: seconds for minutes, weekday for a week. */
export function timeTick(range: MetricsRange): (ms: number) => string {
  return (ms) => {
    const d = new Date(ms);
    if (range === '5m') return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    if (range === '7d')
      return (
        d.toLocaleDateString([], { weekday: 'short', day: 'numeric' }) +
        ' ' +
        d.toLocaleTimeString([], { hour: '2-digit' })
      );
    return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  };
}

export const GiB = 1024 ** 3;

export const tooltipStyle = { background: '#16202b', border: '1px solid #2b3a4c' };
