import type { Readable } from 'node:stream';
import type { LogBatch, LogSourceState } from '../../src-shared/api/features/logs';
import type { ContainerEnd } from './container-watch';
import { endText, markerLine, startText } from './follow-markers';
import { LineAssembler, MAX_PARTIAL_LINE } from './line-assembler';
import { LogBatcher, type BatcherOptions } from './log-batcher';
import { LogDemuxer } from './log-demuxer';
import { LogStamps, stampToSince } from './log-stamps';
import { servicePrefix } from './service-prefix';
import { DEFAULT_WATERMARKS, WatermarkGate, type Watermarks } from './watermark-gate';

export interface LogTarget {
  service: string;
  /** Whether the container runs with a TTY (its log is not multiplexed). */
  tty: boolean;
  /** Opens the container's log; aborted through the signal when the follow stops. */
  open: (signal: AbortSignal) => Promise<Readable>;
  /** Following only: the log is read with engine timestamps and goes on after the container stops. */
  followOn?: FollowOn;
  /**
   * A stopped container's finished log, read without timestamps (the engine serves it faster) up
   * to this stamp, its last line's, which a later read continues from.
   */
  unstampedThrough?: string;
}

export interface FollowOn {
  /** What became of the container once its log ended. */
  ended(): Promise<ContainerEnd>;
  /**
   * The target that reads the service's log from `since` (an engine timestamp) on: the same run
   * again with `sameRun`, else the next run once the service's container (re)starts.
   */
  next(since: string, sameRun: boolean): Promise<{ target: LogTarget; newContainer?: string }>;
}

export interface LogFollowOptions {
  streamId: string;
  color: boolean;
  watermarks?: Watermarks;
  batch?: BatcherOptions;
  /** Whether lines show the engine's timestamps; targets that follow on are read stamped either way. */
  timestamps?: boolean;
  /** Backoff of reading a log again after it ended while its container runs on (default 1 s doubling to 30 s). */
  reread?: { baseMs: number; capMs: number };
}

type Read = { opened: boolean; data: boolean; failure?: string };

/**
 * One follow: the logs of several services merged into prefixed lines, batched, and held under
 * watermark flow control. While more than the high watermark is unacked, every source stream is
 * paused, so nothing more is read from the engine (backpressure reaches its socket) and memory
 * stays bounded whatever the containers print. Nothing is dropped. A target that follows on is
 * marked when its container stops and read again, without repeating a line, once it runs again.
 */
export class LogFollow {
  private readonly abort = new AbortController();
  private readonly sources = new Set<Readable>();
  private readonly states = new Map<string, LogSourceState>();
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
    for (const t of this.targets) void this.follow(t, width);
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

  dispose(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.abort.abort();
    for (const s of this.sources) s.destroy();
    this.sources.clear();
    this.batcher.dispose();
  }

  private async follow(first: LogTarget, width: number): Promise<void> {
    const { service } = first;
    const prefix = servicePrefix(service, width, this.o.color);
    const stamps = first.followOn ? new LogStamps(this.o.timestamps ?? true) : undefined;
    // With no line shown yet, a later read starts where this one did (tail and since were applied to it).
    const startedAt = (Date.now() / 1000).toFixed(3);
    const { baseMs, capMs } = this.o.reread ?? { baseMs: 1000, capMs: 30_000 };
    let rereadMs = 0;
    // While the engine is unreachable every try fails the same way: say so once, not on every try.
    const noted = new Set<string>();
    const note = (line: string): void => {
      if (!noted.has(line)) this.batcher.push(line);
      noted.add(line);
    };
    let t = first;
    for (;;) {
      const read = await this.read(t, prefix, stamps);
      if (this.stopped) return;
      if (t.unstampedThrough && read.opened) stamps?.passedThrough(t.unstampedThrough);
      if (read.data) noted.clear();
      if (read.failure) note(`${prefix}[log unavailable: ${read.failure}]\r\n`);
      if (!t.followOn || !stamps) return this.sourceEnded();
      const end = await t.followOn.ended().catch((err: Error) => ({ kind: 'unknown' as const, message: err.message }));
      if (this.stopped) return;
      const said = endText(service, end);
      if (said) note(markerLine(prefix, said, this.o.color));
      // A log that ended while its container runs on (an engine restart) is read again, backing off
      // while nothing new comes; one that could not be opened waits for the next run instead.
      const again = end.kind === 'unknown' || (end.kind === 'running' && read.opened);
      if (end.kind === 'stopped' || end.kind === 'restarted')
        this.setState({ service, state: 'stopped', ...(end.exitCode !== undefined ? { exitCode: end.exitCode } : {}) });
      else if (end.kind === 'removed') this.setState({ service, state: 'removed' });
      if (again) {
        rereadMs = read.data ? baseMs : Math.min(capMs, Math.max(baseMs, rereadMs * 2));
        await this.delay(rereadMs);
        if (this.stopped) return;
      }
      const next = await t.followOn.next(stamps.last ? stampToSince(stamps.last) : startedAt, again);
      if (this.stopped) return;
      if (!again) {
        noted.clear();
        note(markerLine(prefix, startText(service, next.newContainer), this.o.color));
      }
      this.setState({ service, state: 'following' });
      stamps.resume();
      t = next.target;
    }
  }

  /** Reads one opened log to its end. */
  private async read(t: LogTarget, prefix: string, stamps: LogStamps | undefined): Promise<Read> {
    const lines = {
      stdout: new LineAssembler(prefix, MAX_PARTIAL_LINE, t.unstampedThrough ? undefined : stamps?.filter()),
      stderr: new LineAssembler(prefix, MAX_PARTIAL_LINE, t.unstampedThrough ? undefined : stamps?.filter()),
    };
    const demux = new LogDemuxer(t.tty);
    let stream: Readable;
    try {
      stream = await t.open(this.abort.signal);
    } catch (err) {
      return { opened: false, data: false, failure: (err as Error).message };
    }
    if (this.stopped) {
      stream.destroy();
      return { opened: true, data: false };
    }
    this.sources.add(stream);
    if (this.gate.isPaused) stream.pause();
    const read: Read = { opened: true, data: false };
    // The engine sends each log line as its own HTTP chunk; the chunks that arrive in one turn of
    // the event loop are handled together, so a flood costs per turn, not per line.
    let pending: Buffer[] = [];
    let scheduled = false;
    const drain = (): void => {
      scheduled = false;
      if (pending.length === 0 || this.stopped) {
        pending = [];
        return;
      }
      const text = demux.pushAll(pending);
      pending = [];
      this.batcher.push(lines.stdout.push(text.stdout) + lines.stderr.push(text.stderr));
    };
    stream.on('data', (chunk: Buffer) => {
      read.data = true;
      pending.push(chunk);
      if (!scheduled) {
        scheduled = true;
        setImmediate(drain);
      }
    });
    return new Promise((resolve) => {
      let ended = false;
      const finish = (): void => {
        if (ended) return;
        ended = true;
        this.sources.delete(stream);
        if (!this.stopped) {
          drain();
          const rest = demux.end();
          this.batcher.push(
            lines.stdout.push(rest.stdout) +
              lines.stdout.flush() +
              lines.stderr.push(rest.stderr) +
              lines.stderr.flush(),
          );
        }
        resolve(read);
      };
      stream.once('end', finish);
      stream.once('error', finish);
      stream.once('close', finish);
    });
  }

  /** Sends every service's state (after the text before it), when one changed. */
  private setState(s: LogSourceState): void {
    const was = this.states.get(s.service);
    if (was && was.state === s.state && was.exitCode === s.exitCode) return;
    if (!was && s.state === 'following') return;
    this.states.set(s.service, s);
    this.batcher.flush();
    this.emit({ streamId: this.o.streamId, data: '', bytes: 0, sources: [...this.states.values()] });
  }

  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.abort.signal.addEventListener('abort', done, { once: true });
    });
  }

  private sourceEnded(): void {
    if (--this.open > 0) return;
    this.batcher.flush();
    this.emit({ streamId: this.o.streamId, data: '', bytes: 0, done: true });
  }
}
