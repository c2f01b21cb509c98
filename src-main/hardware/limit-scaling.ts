import type { ServiceMemory } from './profile-fit';

const STEP = 16 * 1024 * 1024;

export interface ScaledLimits {
  /** New limits, only for the services whose limit changes. */
  limits: Record<string, number>;
  /** Sum of the limits before and after. */
  beforeBytes: number;
  afterBytes: number;
  /** True when the limits fit `availableBytes` after scaling. */
  fits: boolean;
  direction: 'down' | 'up' | 'none';
}

/**
 * Fits a profile's memory limits to `availableBytes` (RAM less headroom). Too much: optional
 * services give back their limit above their reservation first, core ones next, in proportion;
 * critical services and reservations are never cut. Room to spare: Ollama, which holds the
 * models, gets half of it.
 */
export function scaleLimits(services: ServiceMemory[], availableBytes: number, grow = 'ollama'): ScaledLimits {
  const limitOf = (s: ServiceMemory) => s.limitBytes ?? s.reservationBytes ?? 0;
  const beforeBytes = services.reduce((a, s) => a + limitOf(s), 0);
  const limits: Record<string, number> = {};
  let excess = beforeBytes - availableBytes;
  if (excess > 0) {
    for (const tier of ['optional', 'core'] as const) {
      if (excess <= 0) break;
      const group = services.filter((s) => s.tier === tier && s.limitBytes !== undefined);
      const slack = group.reduce((a, s) => a + (s.limitBytes! - (s.reservationBytes ?? 0)), 0);
      if (slack <= 0) continue;
      const share = Math.min(1, excess / slack);
      for (const s of group) {
        const floor = s.reservationBytes ?? 0;
        const cut = (s.limitBytes! - floor) * share;
        const next = roundDown(s.limitBytes! - cut, floor);
        if (next < s.limitBytes!) {
          limits[s.name] = next;
          excess -= s.limitBytes! - next;
        }
      }
    }
    const afterBytes = services.reduce((a, s) => a + (limits[s.name] ?? limitOf(s)), 0);
    return { limits, beforeBytes, afterBytes, fits: afterBytes <= availableBytes, direction: 'down' };
  }
  const grower = services.find((s) => s.name === grow && s.limitBytes !== undefined);
  const extra = Math.floor(-excess / 2 / (4 * STEP)) * 4 * STEP;
  if (grower && extra >= 1024 ** 3) {
    limits[grower.name] = grower.limitBytes! + extra;
    return { limits, beforeBytes, afterBytes: beforeBytes + extra, fits: true, direction: 'up' };
  }
  return { limits, beforeBytes, afterBytes: beforeBytes, fits: true, direction: 'none' };
}

/** Rounds a limit down to a 16 MiB step (so the cuts add up to at least what is needed), never below the reservation. */
function roundDown(bytes: number, floor: number): number {
  return Math.max(floor, Math.floor(bytes / STEP) * STEP);
}
