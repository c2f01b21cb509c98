import type { MetricsRepository } from '../metrics';
import { usageOf, USAGE_TIERS, type ServiceUsage } from './service-usage';

export interface UsageHistoryOptions {
  repository: MetricsRepository;
  /** The compose project whose services the history keeps (the collector's project). */
  project: string;
  /** How far back the figures look (default 7 days). */
  windowDays?: number;
  /** How long computed figures are reused (default 60 s): they move slowly, and reading days of points takes a while. */
  ttlMs?: number;
  now?: () => number;
}

const SERIES = /^svc\.(.+)\.mem_bytes$/;

/**
 * Each service's working set over the last days, from the finest tier that holds enough of it:
 * 1-min points over the window, else 10-s points over two days, else the last hour's seconds (a
 * service that ran only briefly). Computed for every service at once and kept for a minute.
 */
export class UsageHistory {
  private cache: { at: number; usage: Map<string, ServiceUsage> } | undefined;
  private readonly now: () => number;

  constructor(private readonly o: UsageHistoryOptions) {
    this.now = o.now ?? Date.now;
  }

  get project(): string {
    return this.o.project;
  }

  get windowDays(): number {
    return this.o.windowDays ?? 7;
  }

  /** The figures of every service with enough history; empty for another project. */
  all(project = this.o.project): Map<string, ServiceUsage> {
    if (project !== this.o.project) return new Map();
    const now = this.now();
    if (!this.cache || now - this.cache.at >= (this.o.ttlMs ?? 60_000))
      this.cache = { at: now, usage: this.compute(now) };
    return this.cache.usage;
  }

  get(service: string, project = this.o.project): ServiceUsage | undefined {
    return this.all(project).get(service);
  }

  /** Forget the figures (after a start, say), so the next question reads the history again. */
  invalidate(): void {
    this.cache = undefined;
  }

  private compute(now: number): Map<string, ServiceUsage> {
    const out = new Map<string, ServiceUsage>();
    let wanted = this.o.repository.seriesNames().filter((n) => SERIES.test(n));
    const windowMs = this.windowDays * 86_400_000;
    for (const tier of USAGE_TIERS) {
      if (wanted.length === 0) break;
      const points = this.o.repository.pointsSince(wanted, tier.id, now - Math.min(windowMs, tier.retentionMs));
      for (const [series, samples] of points) {
        if (samples.length < tier.minPoints) continue;
        const service = SERIES.exec(series)![1]!;
        out.set(service, usageOf(service, samples, tier.stepMs));
      }
      wanted = wanted.filter((s) => !out.has(SERIES.exec(s)![1]!));
    }
    return out;
  }
}
