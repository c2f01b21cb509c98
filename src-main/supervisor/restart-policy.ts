/** How the supervisor spaces restarts and when it gives up. */
export interface RestartPolicy {
  baseMs: number;
  capMs: number;
  /** Fraction of random spread around each delay (0.2 = ±20 %). */
  jitter: number;
  /** A service running this long without failing starts over with a clean record. */
  resetAfterMs: number;
  /** Restarts allowed within the window; the failure after the last one parks the service. */
  maxRestarts: number;
  windowMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  baseMs: 1000,
  capMs: 60_000,
  jitter: 0.2,
  resetAfterMs: 10 * 60_000,
  maxRestarts: 5,
  windowMs: 10 * 60_000,
};

/** Exponential backoff with jitter: base, 2×base, 4×base … up to the cap. */
export function restartDelay(policy: RestartPolicy, restartsSoFar: number, random: () => number = Math.random): number {
  const raw = Math.min(policy.capMs, policy.baseMs * 2 ** restartsSoFar);
  const spread = raw * policy.jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(raw + spread));
}

/** Per-service memory of recent restarts. */
export class RestartRecord {
  restarts: number[] = [];
  parked = false;
  lastStartAt = 0;

  /** Forget restarts outside the window, or all of them after a long healthy run. */
  prune(policy: RestartPolicy, now: number): void {
    if (this.lastStartAt && now - this.lastStartAt >= policy.resetAfterMs) this.restarts = [];
    this.restarts = this.restarts.filter((t) => now - t < policy.windowMs);
  }
}
