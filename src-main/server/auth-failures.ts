/**
 * Counts failed authentications (a token that was presented and is wrong) per client address in a
 * sliding window. A client over the limit is refused with 429 until its oldest failure in the window
 * expires, whatever it presents, so the answer never tells a guess apart from the token. Requests
 * with no token at all are not counted: they guess nothing.
 */
export class AuthFailures {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    /** Addresses tracked at most; the least recently failing one is forgotten first. */
    private readonly maxClients = 10_000,
  ) {}

  /** Seconds the client must wait before it may try again, or 0 when it may try now. */
  retryAfterSeconds(client: string): number {
    const times = this.recent(client);
    if (times.length < this.limit) return 0;
    return Math.max(1, Math.ceil((times[0]! + this.windowMs - this.now()) / 1000));
  }

  record(client: string): void {
    const times = this.recent(client);
    times.push(this.now());
    this.failures.delete(client);
    this.failures.set(client, times.slice(-this.limit));
    if (this.failures.size > this.maxClients) this.failures.delete(this.failures.keys().next().value!);
  }

  get trackedClients(): number {
    return this.failures.size;
  }

  private recent(client: string): number[] {
    const since = this.now() - this.windowMs;
    const times = (this.failures.get(client) ?? []).filter((t) => t > since);
    if (times.length === 0) this.failures.delete(client);
    return times;
  }
}
