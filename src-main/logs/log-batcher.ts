export interface BatcherOptions {
  /** How long text may wait before it is sent (default 25 ms, within the 16-50 ms a frame allows). */
  intervalMs?: number;
  /** Send at once when this much text waits (default 256 K UTF-16 units). */
  maxBatch?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

/**
 * Gathers text from every source of a follow and hands it on at most once per interval (or
 * sooner when a batch is full), so a flood costs one message per frame instead of one per line.
 */
export class LogBatcher {
  private parts: string[] = [];
  private size = 0;
  private timer: unknown;
  private readonly intervalMs: number;
  private readonly maxBatch: number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;

  constructor(
    private readonly send: (data: string) => void,
    options: BatcherOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 25;
    this.maxBatch = options.maxBatch ?? 256 * 1024;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  }

  push(text: string): void {
    if (text.length === 0) return;
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= this.maxBatch) this.flush();
    else this.timer ??= this.setTimer(() => this.flush(), this.intervalMs);
  }

  /** Text waiting to be sent. */
  get pending(): number {
    return this.size;
  }

  flush(): void {
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
    if (this.size === 0) return;
    const data = this.parts.length === 1 ? this.parts[0]! : this.parts.join('');
    this.parts = [];
    this.size = 0;
    this.send(data);
  }

  dispose(): void {
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
    this.parts = [];
    this.size = 0;
  }
}
