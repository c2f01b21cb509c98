/**
 * Passes progress on at most every `intervalMs` while only the byte counts change; a new phase,
 * service or volume, and the end, go out at once. A stream of 64 KiB chunks would otherwise send
 * thousands of events a second to every page and socket.
 */
export class ProgressThrottle<T extends { phase: string; service?: string; volume?: string }> {
  private last: T | undefined;
  private lastAt = 0;

  constructor(
    private readonly send: (p: T) => void,
    private readonly intervalMs = 100,
    private readonly now: () => number = Date.now,
  ) {}

  push(p: T): void {
    const changed =
      !this.last || this.last.phase !== p.phase || this.last.service !== p.service || this.last.volume !== p.volume;
    if (!changed && this.now() - this.lastAt < this.intervalMs) return;
    this.last = p;
    this.lastAt = this.now();
    this.send(p);
  }
}
