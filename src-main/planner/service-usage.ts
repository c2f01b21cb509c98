import type { MetricsPoint } from '../../src-shared/api/features/metrics';
import { formatMemory } from '../../src-shared/format';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** One service's working set over the last days, from the metrics history. */
export interface ServiceUsage {
  service: string;
  /** The history series it came from, e.g. `svc.postgres.mem_bytes`. */
  series: string;
  /** Width of one point: 60 s, 10 s or 1 s, whichever tier held enough of them. */
  stepMs: number;
  points: number;
  /** From the first point to the end of the last. */
  windowMs: number;
  p95Bytes: number;
  p99Bytes: number;
  peakBytes: number;
  /** Growth per day, least squares over hourly means; null with under 6 hours of history. */
  trendBytesPerDay: number | null;
  /** The points as stored: [time, min, avg, max]. */
  samples: MetricsPoint[];
}

export const USAGE_TIERS = [
  { id: 2, stepMs: MIN, retentionMs: 30 * DAY, minPoints: 60 },
  { id: 1, stepMs: 10_000, retentionMs: 2 * DAY, minPoints: 30 },
  { id: 0, stepMs: 1000, retentionMs: HOUR, minPoints: 10 },
] as const;

/** The series the collector keeps for a service's working set (replicas summed). */
export function memorySeries(service: string): string {
  return `svc.${service}.mem_bytes`;
}

/** Nearest-rank percentile of values sorted ascending. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/**
 * Percentiles of a service's working set over its points. Each point is a bucket's peak (its
 * max), so "p95" reads as: 95 % of the minutes (or 10 s, or seconds) never went above it.
 */
export function usageOf(service: string, samples: MetricsPoint[], stepMs: number): ServiceUsage {
  const peaks = samples.map((p) => p[3]).sort((a, b) => a - b);
  return {
    service,
    series: memorySeries(service),
    stepMs,
    points: samples.length,
    windowMs: samples.length ? samples[samples.length - 1]![0] + stepMs - samples[0]![0] : 0,
    p95Bytes: Math.round(percentile(peaks, 95)),
    p99Bytes: Math.round(percentile(peaks, 99)),
    peakBytes: Math.round(peaks[peaks.length - 1] ?? 0),
    trendBytesPerDay: trendPerDay(samples),
    samples,
  };
}

/** Least-squares slope of hourly means, per day; null under 6 hours of history. */
export function trendPerDay(samples: MetricsPoint[]): number | null {
  const hours = new Map<number, { sum: number; n: number }>();
  for (const [t, , avg] of samples) {
    const h = Math.floor(t / HOUR);
    const b = hours.get(h) ?? { sum: 0, n: 0 };
    b.sum += avg;
    b.n++;
    hours.set(h, b);
  }
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

/** Minutes in which the working set went above `share` of the limit (from the points' peaks). */
export function minutesOver(usage: ServiceUsage, limitBytes: number, share = 0.9): number {
  const over = usage.samples.filter((p) => p[3] > limitBytes * share).length;
  return Math.round(((over * usage.stepMs) / MIN) * 10) / 10;
}

/** "p95 of svc.x.mem_bytes, 1-min peaks over 6.9 d (9 936 points)". */
export function describeUsage(u: ServiceUsage, which: 'p95' | 'p99' = 'p95'): string {
  const step = u.stepMs >= MIN ? '1-min' : u.stepMs >= 10_000 ? '10-s' : '1-s';
  const value = which === 'p95' ? u.p95Bytes : u.p99Bytes;
  return `${which} of ${u.series} (${formatMemory(value)}): ${step} peaks over ${span(u.windowMs)} (${u.points} points)`;
}

export function span(ms: number): string {
  if (ms >= DAY) return `${(ms / DAY).toFixed(1)} d`;
  if (ms >= HOUR) return `${(ms / HOUR).toFixed(1)} h`;
  if (ms >= MIN) return `${Math.round(ms / MIN)} min`;
  return `${Math.round(ms / 1000)} s`;
}
