import type { MetricsHistory } from '../../src-shared/api/features/metrics';

/** The history as CSV: one row per point, `time,series,min,avg,max`, time in ISO 8601 UTC. */
export function historyToCsv(h: MetricsHistory): string {
  const rows = ['time,series,min,avg,max'];
  for (const s of h.series) {
    for (const [t, min, avg, max] of s.points)
      rows.push(`${new Date(t).toISOString()},${s.name},${round(min)},${round(avg)},${round(max)}`);
  }
  return rows.join('\n') + '\n';
}

function round(v: number): string {
  return String(Math.round(v * 1000) / 1000);
}
