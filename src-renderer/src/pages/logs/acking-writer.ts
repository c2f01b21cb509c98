/** What the writer needs from the terminal: xterm's `write(data, callback)`. */
export type WriteFn = (data: string, parsed: () => void) => void;

export interface AckingWriterOptions {
  /** Ack at once when this many parsed bytes are waiting (default 64 KiB). */
  ackBytes?: number;
  /** Otherwise ack the parsed bytes at most this long after they were parsed (default 25 ms). */
  ackDelayMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

/**
 * Watermark flow control on the terminal's side, as the xterm.js flow-control guide describes:
 * each batch is written with a callback, and only the bytes xterm has parsed are acked to the
 * producer. The producer stops sending while too many bytes are unacked, so a flooding container
 * holds at the producer instead of piling up in the page.
 *
 * While paused nothing is written and nothing is acked: the batches already sent are held (at most
 * the producer's high watermark) and written on resume.
 */
export class AckingWriter {
  private parsed = 0;
  private held: { data: string; bytes: number }[] = [];
  private heldBytes = 0;
  private inTerminal = 0;
  private paused = false;
  private disposed = false;
  private timer: unknown;
  private readonly ackBytes: number;
  private readonly ackDelayMs: number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;

  constructor(
    private readonly write: WriteFn,
    private readonly ack: (bytes: number) => void,
    options: AckingWriterOptions = {},
  ) {
    this.ackBytes = options.ackBytes ?? 64 * 1024;
    this.ackDelayMs = options.ackDelayMs ?? 25;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  }

  /** A batch from the producer; `bytes` is its size as the producer counts it. */
  push(data: string, bytes: number): void {
    if (this.disposed) return;
    if (this.paused) {
      this.held.push({ data, bytes });
      this.heldBytes += bytes;
      return;
    }
    this.send(data, bytes);
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    if (!this.paused || this.disposed) return;
    this.paused = false;
    const held = this.held;
    this.held = [];
    this.heldBytes = 0;
    for (const b of held) this.send(b.data, b.bytes);
  }

  /** Bytes received but not yet parsed by the terminal (held while paused, or queued in xterm). */
  get pendingBytes(): number {
    return this.heldBytes + this.inTerminal;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Stops acking; batches still in the terminal's queue are dropped with it. */
  dispose(): void {
    this.disposed = true;
    this.held = [];
    this.heldBytes = 0;
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
  }

  private send(data: string, bytes: number): void {
    this.inTerminal += bytes;
    this.write(data, () => {
      this.inTerminal -= bytes;
      if (this.disposed) return;
      this.parsed += bytes;
      if (this.parsed >= this.ackBytes) this.flush();
      else this.timer ??= this.setTimer(() => this.flush(), this.ackDelayMs);
    });
  }

  private flush(): void {
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
    if (this.disposed || this.parsed === 0) return;
    const bytes = this.parsed;
    this.parsed = 0;
    this.ack(bytes);
  }
}
