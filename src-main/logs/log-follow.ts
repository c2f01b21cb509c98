import type { Readable } from 'node:stream';
import type { LogBatch } from '../../src-shared/api/features/logs';
import { LineAssembler } from './line-assembler';
import { LogBatcher, type BatcherOptions } from './log-batcher';
import { LogDemuxer } from './log-demuxer';
import { servicePrefix } from './service-prefix';
import { DEFAULT_WATERMARKS, WatermarkGate, type Watermarks } from './watermark-gate';

export interface LogTarget {
  service: string;
  /** Whether the container runs with a TTY (its log is not multiplexed). */
  tty: boolean;
  /** Opens the container's log; aborted through the signal when the follow stops. */
  open: (signal: AbortSignal) => Promise<Readable>;
}

export interface LogFollowOptions {
  streamId: string;
  color: boolean;
  watermarks?: Watermarks;
  batch?: BatcherOptions;
}

/**
 * One follow: the logs of several services merged into prefixed lines, batched, and held under
 * watermark flow control. While more than the high watermark is unacked, every source stream is
 * paused, so nothing more is read from the engine (backpressure reaches its socket) and memory
 * stays bounded whatever the containers print. Nothing is dropped.
 */
export class LogFollow {
  private readonly abort = new AbortController();
  private readonly sources: Readable[] = [];
  private readonly batcher: LogBatcher;
  private readonly gate: WatermarkGate;
  private open: number;
  private stopped = false;

  constructor(
    private readonly targets: LogTarget[],
    private readonly emit: (batch: LogBatch) => void,
    private readonly o: LogFollowOptions,
  ) {
    this.open = targets.length;
    this.batcher = new LogBatcher((data) => {
      this.gate.sent(data.length);
      this.emit({ streamId: o.streamId, data, bytes: data.length });
    }, o.batch);
    this.gate = new WatermarkGate(
      () => this.sources.forEach((s) => s.pause()),
      () => this.sources.forEach((s) => s.resume()),
      o.watermarks ?? DEFAULT_WATERMARKS,
    );
  }

  /** Sends the empty first batch naming the stream, then reads every target. */
  start(): void {
    this.emit({ streamId: this.o.streamId, data: '', bytes: 0 });
    const width = Math.max(...this.targets.map((t) => t.service.length));
    for (const t of this.targets) void this.read(t, width);
  }

  ack(bytes: number): void {
    this.gate.ack(bytes);
  }

  get unacked(): number {
    return this.gate.pending;
  }

  get isPaused(): boolean {
    return this.gate.isPaused;
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.abort.abort();
    for (const s of this.sources) s.destroy();
    this.batcher.dispose();
  }

  private async read(t: LogTarget, width: number): Promise<void> {
    const prefix = servicePrefix(t.service, width, this.o.color);
    const lines = { stdout: new LineAssembler(prefix), stderr: new LineAssembler(prefix) };
    const demux = new LogDemuxer(t.tty);
    let stream: Readable;
    try {
      stream = await t.open(this.abort.signal);
    } catch (err) {
      if (this.stopped) return;
      this.batcher.push(`${prefix}[log unavailable: ${(err as Error).message}]\r\n`);
      this.sourceEnded();
      return;
    }
    if (this.stopped) {
      stream.destroy();
      return;
    }
    this.sources.push(stream);
    if (this.gate.isPaused) stream.pause();
    stream.on('data', (chunk: Buffer) => {
      const text = demux.push(chunk);
      this.batcher.push(lines.stdout.push(text.stdout) + lines.stderr.push(text.stderr));
    });
    let ended = false;
    const finish = (): void => {
      if (this.stopped || ended) return;
      ended = true;
      const rest = demux.end();
      this.batcher.push(lines.stdout.push(rest.stdout) + lines.stdout.flush() + lines.stderr.push(rest.stderr) + lines.stderr.flush());
      this.sourceEnded();
    };
    stream.once('end', finish);
    stream.once('error', finish);
  }

  private sourceEnded(): void {
    if (--this.open > 0) return;
    this.batcher.flush();
    this.emit({ streamId: this.o.streamId, data: '', bytes: 0, done: true });
  }
}
