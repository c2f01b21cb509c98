import { formatMemory } from '../../src-shared/format';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** One service's working set over the last days, from the metrics history. */
export interface ServiceUsage {
  service: string;
  /** The history series it came from, e.g. `svc.postgres.mem_bytes`. */
  series: string;
  /** Width of one point: 60 s, or 1 s for a service that has only run in the last hour. */
  stepMs: number;
  points: number;
  /** From the first point to the end of the last. */
  windowMs: number;
  p95Bytes: number;
  p99Bytes: number;
  peakBytes: number;
  /** Growth per day, least squares over hourly means; null with under 6 hours of history. */
  trendBytesPerDay: number | null;
  /** Each point's peak (its max), in time order. */
  peaks: number[];
}

/** The points of one series as read from one tier: times, peaks, and hourly sums of the averages (for the trend). */
export interface SeriesPoints {
  ts: number[];
  max: number[];
  hours: Map<number, { sum: number; n: number }>;
}

/** The series the collector keeps for a service's working set (replicas summed). */
export function memorySeries(service: string): string {
  return `svc.${service}.mem_bytes`;
}

/** Nearest-rank percentile of values sorted ascending. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/**
 * Percentiles of a service's working set over its points. Each point is a bucket's peak (its
 * max), so "p95" reads as: 95 % of the minutes (or seconds) never went above it.
 */
export function usageOf(service: string, s: SeriesPoints, stepMs: number): ServiceUsage {
  const sorted = Float64Array.from(s.max).sort();
  const at = (p: number) => Math.round(percentile(sorted, p));
  const n = s.ts.length;
  return {
    service,
    series: memorySeries(service),
    stepMs,
    points: n,
    windowMs: n ? s.ts[n - 1]! + stepMs - s.ts[0]! : 0,
    p95Bytes: at(95),
    p99Bytes: at(99),
    peakBytes: Math.round(sorted[n - 1] ?? 0),
    trendBytesPerDay: trendPerDay(s.hours),
    peaks: s.max,
  };
}

/** Least-squares slope of hourly means, per day; null under 6 hours of history. */
export function trendPerDay(hours: Map<number, { sum: number; n: number }>): number | null {
  if (hours.size < 6) return null;
  const xs = [...hours.keys()];
  const ys = xs.map((h) => hours.get(h)!.sum / hours.get(h)!.n);
  const mx = xs.reduce((a, x) => a + x, 0) / xs.length;
  const my = ys.reduce((a, y) => a + y, 0) / ys.length;
  let num = 0;
  let den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * (ys[i]! - my);
    den += (x - mx) ** 2;
  });
  return den === 0 ? 0 : Math.round((num / den) * 24);
}

/** Hourly sums of averages, from [time, avg] pairs. */
export function hourlyMeans(points: [number, number][]): Map<number, { sum: number; n: number }> {
  const hours = new Map<number, { sum: number; n: number }>();
  for (const [t, avg] of points) {
    const h = Math.floor(t / HOUR);
    const b = hours.get(h) ?? { sum: 0, n: 0 };
    b.sum += avg;
    b.n++;
    hours.set(h, b);
  }
  return hours;
}

/** Minutes in which the working set went above `share` of the limit (from the points' peaks). */
export function minutesOver(usage: ServiceUsage, limitBytes: number, share = 0.9): number {
  const over = usage.peaks.filter((p) => p > limitBytes * share).length;
  return Math.round(((over * usage.stepMs) / MIN) * 10) / 10;
}

/** "p95 of svc.x.mem_bytes (512 MiB): 1-min peaks over 6.9 d (9936 points)". */
export function describeUsage(u: ServiceUsage, which: 'p95' | 'p99' = 'p95'): string {
  const step = u.stepMs >= MIN ? '1-min' : '1-s';
  const value = which === 'p95' ? u.p95Bytes : u.p99Bytes;
  return `${which} of ${u.series} (${formatMemory(value)}): ${step} peaks over ${span(u.windowMs)} (${u.points} points)`;
}

export function span(ms: number): string {
  if (ms >= DAY) return `${(ms / DAY).toFixed(1)} d`;
  if (ms >= HOUR) return `${(ms / HOUR).toFixed(1)} h`;
  if (ms >= MIN) return `${Math.round(ms / MIN)} min`;
  return `${Math.round(ms / 1000)} s`;
}
