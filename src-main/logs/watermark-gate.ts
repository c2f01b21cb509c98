export interface Watermarks {
  /** Pause the sources when this many sent bytes are not yet acked. */
  high: number;
  /** Resume them once the unacked bytes fall below this. */
  low: number;
}

/**
 * Sized so a page acking every 64 KiB or 25 ms never waits on the producer: with 1 MiB in flight a
 * whole-log read stalled on acks (a quarter slower on 2 cores); 4 MiB read no faster than 2, and what
 * is in flight is memory the server holds while a page is slow. A full window plus one batch, in JSON,
 * is about 2.7 MB, well under the socket's 8 MiB drop limit.
 */
export const DEFAULT_WATERMARKS: Watermarks = { high: 2 * 1024 * 1024, low: 512 * 1024 };

/**
 * Watermark flow control as the xterm.js flow-control guide describes: the producer counts the
 * bytes it sent, the consumer acks the bytes it has rendered; above `high` unacked bytes the
 * producer pauses its sources, below `low` it resumes them. The gap between the two keeps it from
 * toggling on every ack.
 */
export class WatermarkGate {
  private unacked = 0;
  private paused = false;

  constructor(
    private readonly onPause: () => void,
    private readonly onResume: () => void,
    private readonly marks: Watermarks = DEFAULT_WATERMARKS,
  ) {
    if (!(marks.low >= 0 && marks.low < marks.high))
      throw new RangeError(`watermarks: low (${marks.low}) must be below high (${marks.high})`);
  }

  sent(bytes: number): void {
    this.unacked += bytes;
    if (!this.paused && this.unacked > this.marks.high) {
      this.paused = true;
      this.onPause();
    }
  }

  /** Acks beyond what was sent are capped: a confused client cannot drive the count below zero. */
  ack(bytes: number): void {
    this.unacked = Math.max(0, this.unacked - bytes);
    if (this.paused && this.unacked < this.marks.low) {
      this.paused = false;
      this.onResume();
    }
  }

  get pending(): number {
    return this.unacked;
  }

  get isPaused(): boolean {
    return this.paused;
  }
}
