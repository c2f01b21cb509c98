import type { MetricsRepository } from '../metrics';
import { hourlyMeans, usageOf, type SeriesPoints, type ServiceUsage } from './service-usage';

export interface UsageHistoryOptions {
  repository: MetricsRepository;
  /** The compose project whose services the history keeps. */
  project: string;
  /** Where that project's series are kept: `svc.` for the SutazAI stack, `project.<name>.` for another. */
  seriesPrefix?: string;
  /** How far back the figures look (default 7 days). */
  windowDays?: number;
  now?: () => number;
}

const MIN = 60_000;
const HOUR = 60 * MIN;

/**
 * The tiers read, finest last: 1-min points over the window, and the last hour's seconds for a
 * service that has not run long enough for them. Each is read a slice at a time (a few thousand
 * rows), so a week of history never holds the event loop for long.
 */
const TIERS = [
  { id: 2, stepMs: MIN, minPoints: 10, sliceMs: 6 * HOUR },
  { id: 0, stepMs: 1000, minPoints: 10, sliceMs: 5 * MIN, retentionMs: HOUR },
] as const;

/**
 * Each read goes back this far over what it read before: a bucket is written once it is complete,
 * at the collector's next tick (up to 10 s later), so the last ones may have appeared since.
 */
const OVERLAP_MS = 2 * MIN;

interface TierState {
  /** Everything before this was read. */
  readTo: number;
  series: Map<string, { ts: number[]; max: number[]; avg: number[] }>;
}

/**
 * Each service's working set over the last days, kept in memory and read from the metrics history
 * incrementally: the first `refresh` reads the window a slice at a time, later ones only what was
 * written since. Figures are computed per service when asked, from the 1-min points when there are
 * at least ten, else from the last hour's seconds.
 */
export class UsageHistory {
  private readonly tiers = new Map<number, TierState>(
    TIERS.map((t) => [t.id, { readTo: -Infinity, series: new Map() }]),
  );
  private readonly computed = new Map<string, { version: number; usage: ServiceUsage | undefined }>();
  private version = 0;
  private refreshing: Promise<void> | undefined;
  private refreshedAt = -Infinity;
  private readonly now: () => number;
  private readonly prefix: string;
  private readonly pattern: RegExp;

  constructor(private readonly o: UsageHistoryOptions) {
    this.now = o.now ?? Date.now;
    this.prefix = o.seriesPrefix ?? 'svc.';
    this.pattern = new RegExp(`^${this.prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(.+)\\.mem_bytes$`);
  }

  get project(): string {
    return this.o.project;
  }

  get windowDays(): number {
    return this.o.windowDays ?? 7;
  }

  /** Reads what was written since the last read, unless that was under `maxAgeMs` ago. */
  fresh(maxAgeMs = 5000): Promise<void> {
    if (this.now() - this.refreshedAt < maxAgeMs) return Promise.resolve();
    return this.refresh();
  }

  /** Reads what was written since the last read (the whole window the first time). */
  refresh(): Promise<void> {
    this.refreshing ??= this.read().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** The next `fresh` reads again (after an action changed what runs). */
  invalidate(): void {
    this.refreshedAt = -Infinity;
  }

  /** The figures of every service with enough history (as last read); empty for another project. */
  all(project = this.o.project): Map<string, ServiceUsage> {
    const out = new Map<string, ServiceUsage>();
    if (project !== this.o.project) return out;
    const names = new Set<string>();
    for (const t of this.tiers.values()) for (const s of t.series.keys()) names.add(this.pattern.exec(s)![1]!);
    for (const name of [...names].sort()) {
      const u = this.get(name);
      if (u) out.set(name, u);
    }
    return out;
  }

  get(service: string, project = this.o.project): ServiceUsage | undefined {
    if (project !== this.o.project) return undefined;
    const known = this.computed.get(service);
    if (known?.version === this.version) return known.usage;
    const series = `${this.prefix}${service}.mem_bytes`;
    let usage: ServiceUsage | undefined;
    for (const tier of TIERS) {
      const s = this.tiers.get(tier.id)!.series.get(series);
      if (s && s.ts.length >= tier.minPoints) {
        const points: SeriesPoints = {
          ts: s.ts,
          max: s.max,
          hours: hourlyMeans(s.ts.map((t, i) => [t, s.avg[i]!])),
        };
        usage = usageOf(service, points, tier.stepMs);
        break;
      }
    }
    this.computed.set(service, { version: this.version, usage });
    return usage;
  }

  private async read(): Promise<void> {
    const now = this.now();
    const names = this.o.repository.seriesNames().filter((n) => this.pattern.test(n));
    const windowMs = this.windowDays * 86_400_000;
    for (const tier of TIERS) {
      const state = this.tiers.get(tier.id)!;
      const keepFrom = now - Math.min(windowMs, 'retentionMs' in tier ? tier.retentionMs : windowMs);
      for (const [name, s] of state.series) {
        const drop = s.ts.findIndex((t) => t >= keepFrom);
        if (drop === -1) state.series.delete(name);
        else if (drop > 0) for (const list of [s.ts, s.max, s.avg]) list.splice(0, drop);
      }
      for (let from = Math.max(state.readTo - OVERLAP_MS, keepFrom); from <= now; from += tier.sliceMs) {
        const until = Math.min(from + tier.sliceMs, now + 1);
        for (const [name, points] of this.o.repository.pointsSince(names, tier.id, from, until)) {
          let s = state.series.get(name);
          if (!s) state.series.set(name, (s = { ts: [], max: [], avg: [] }));
          for (const [t, , avg, max] of points) {
            if (s.ts.length && t <= s.ts[s.ts.length - 1]!) continue;
            s.ts.push(t);
            s.max.push(max);
            s.avg.push(avg);
          }
        }
        state.readTo = until;
        // Let other work run between slices.
        await new Promise((r) => setImmediate(r));
      }
    }
    this.version++;
    this.refreshedAt = this.now();
  }
}
