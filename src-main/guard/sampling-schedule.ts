/** The shortest delay between two looks: a look is a few cgroup file reads (about 1.3 ms). */
export const FAST_MS = 50;
/** How long looks stay fast after one of the stack's members has started. */
export const AFTER_START_MS = 5000;

/**
 * earlyoom-style adaptive sampling: the less headroom, the more often. Near the budget a look is
 * a few cgroup file reads (the members come from the engine's events), so it can be every 50 ms.
 */
export function intervalFor(usage: number): number {
  if (usage >= 0.85) return FAST_MS;
  if (usage >= 0.75) return 250;
  if (usage >= 0.6) return 500;
  return 1000;
}

/**
 * When the guard looks next. Besides the headroom (`intervalFor`), two signs that memory is about
 * to move: a member that has just started (services allocate most of their memory in the seconds
 * after a start), and a rising usage, whose slope between the last two looks predicts when the
 * next threshold is reached; the next look comes at half that time, so a steady climb is met
 * within one fast interval of its crossing while a flat stack is still looked at once a second.
 */
export class SamplingSchedule {
  private previous: { at: number; usage: number } | undefined;
  private fastUntil = 0;

  /** `thresholds`: the usages at which the guard does something (warn, shed optional, shed core). */
  constructor(
    private readonly thresholds: number[],
    private readonly afterStartMs = AFTER_START_MS,
  ) {}

  /** A member started at `now`: look fast for a few seconds. */
  memberStarted(now: number): void {
    this.fastUntil = Math.max(this.fastUntil, now + this.afterStartMs);
  }

  /** Whether a member's start keeps the looks fast at `now`. */
  isFast(now: number): boolean {
    return now < this.fastUntil;
  }

  /** The delay before the next look, after a look that found `usage` at `now`. */
  next(usage: number, now: number): number {
    let delay = intervalFor(usage);
    if (this.isFast(now)) delay = Math.min(delay, FAST_MS);
    const previous = this.previous;
    this.previous = { at: now, usage };
    const ahead = this.thresholds.filter((t) => t > usage);
    if (previous && now > previous.at && ahead.length) {
      const slope = (usage - previous.usage) / (now - previous.at);
      if (slope > 0) {
        const eta = (Math.min(...ahead) - usage) / slope;
        delay = Math.min(delay, Math.max(FAST_MS, eta / 2));
      }
    }
    return Math.round(delay);
  }

  /** Forgets the last look (after a look failed, or the budget changed). */
  reset(): void {
    this.previous = undefined;
  }
}
