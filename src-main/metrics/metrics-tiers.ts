import type { MetricsRange } from '../../src-shared/api/features/metrics';

export interface Tier {
  id: number;
  stepMs: number;
  retentionMs: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Per second for an hour, per 10 s for two days, per minute for 30 days (as Netdata's tiers). */
export const TIERS: readonly Tier[] = [
  { id: 0, stepMs: 1000, retentionMs: HOUR },
  { id: 1, stepMs: 10_000, retentionMs: 2 * DAY },
  { id: 2, stepMs: 60_000, retentionMs: 30 * DAY },
];

export const RANGE_MS: Record<MetricsRange, number> = { '5m': 5 * 60_000, '1h': HOUR, '24h': DAY, '7d': 7 * DAY };

/** At most this many points per series in one chart. */
export const MAX_POINTS = 1500;

/**
 * The finest tier that holds the whole range in at most MAX_POINTS points; when even the
 * coarsest has more, its points are merged into wider steps. 5 min → 1 s, 1 h → 10 s,
 * 24 h → 1 min, 7 d → 7 min (from the 1 min tier).
 */
export function tierFor(rangeMs: number): { tier: Tier; stepMs: number } {
  for (const tier of TIERS) {
    if (tier.retentionMs >= rangeMs && rangeMs / tier.stepMs <= MAX_POINTS) return { tier, stepMs: tier.stepMs };
  }
  const tier = TIERS[TIERS.length - 1]!;
  return { tier, stepMs: Math.ceil(rangeMs / MAX_POINTS / tier.stepMs) * tier.stepMs };
}
