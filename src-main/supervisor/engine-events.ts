import type Docker from 'dockerode';

export interface ContainerEvent {
  action: string;
  id: string;
  time: number;
  attributes: Record<string, string>;
}

export interface EventFollowerOptions {
  docker: Docker;
  /** Label filters, e.g. `com.docker.compose.project=sutazai`. */
  labels: string[];
  /** Only these actions (e.g. `start`, `die`), filtered by the engine; default every action. */
  actions?: string[];
  onEvent: (e: ContainerEvent) => void;
  /** Called with false when the stream is lost, true when it is back (after the first connect). */
  onConnection: (connected: boolean, error?: string) => void;
  /** Delay before each reconnect attempt, doubling to the cap. */
  retry?: { baseMs: number; capMs: number };
}

/**
 * Follows the engine's container events and reconnects by itself with backoff when the engine
 * goes away (restart, crash, socket gone). `since` on reconnect replays what was missed.
 */
export class EngineEventFollower {
  private stream: NodeJS.ReadableStream | undefined;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private lastEventSec = Math.floor(Date.now() / 1000);
  private connected = false;
  private readonly seen: string[] = [];

  constructor(private readonly o: EventFollowerOptions) {}

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  dispose(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    (this.stream as unknown as { destroy?: () => void } | undefined)?.destroy?.();
    this.stream = undefined;
  }

  get isConnected(): boolean {
    return this.connected;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    try {
      const stream = (await this.o.docker.getEvents({
        since: this.lastEventSec,
        filters: JSON.stringify({
          type: ['container'],
          label: this.o.labels,
          ...(this.o.actions ? { event: this.o.actions } : {}),
        }),
      })) as NodeJS.ReadableStream;
      if (this.stopped) return (stream as unknown as { destroy: () => void }).destroy();
      this.stream = stream;
      this.attempt = 0;
      if (!this.connected) {
        this.connected = true;
        this.o.onConnection(true);
      }
      let buffer = '';
      stream.on('data', (chunk: Buffer) => {
        buffer += chunk.toString('utf8');
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl).trim();
          buffer = buffer.slice(nl + 1);
          if (line) this.handleLine(line);
        }
      });
      const lost = (err?: Error) => {
        if (this.stream !== stream) return;
        this.stream = undefined;
        this.lose(err?.message ?? 'the event stream ended');
      };
      stream.on('end', () => lost());
      stream.on('close', () => lost());
      stream.on('error', (err: Error) => lost(err));
    } catch (err) {
      this.lose((err as Error).message);
    }
  }

  private lose(message: string): void {
    if (this.stopped) return;
    if (this.connected) {
      this.connected = false;
      this.o.onConnection(false, message);
    }
    const { baseMs, capMs } = this.o.retry ?? { baseMs: 500, capMs: 10_000 };
    const delay = Math.min(capMs, baseMs * 2 ** this.attempt++);
    this.timer = setTimeout(() => void this.connect(), delay);
    this.timer.unref?.();
  }

  private handleLine(line: string): void {
    let raw: {
      Action?: string;
      status?: string;
      id?: string;
      time?: number;
      timeNano?: number;
      Actor?: { ID?: string; Attributes?: Record<string, string> };
    };
    try {
      raw = JSON.parse(line);
    } catch {
      return;
    }
    const action = raw.Action ?? raw.status ?? '';
    const id = raw.Actor?.ID ?? raw.id ?? '';
    if (!action || !id) return;
    // A reconnect asks for events since the last one's second, so some arrive twice: drop those.
    const key = `${id}:${action}:${raw.timeNano ?? raw.time}`;
    if (this.seen.includes(key)) return;
    this.seen.push(key);
    if (this.seen.length > 256) this.seen.shift();
    if (raw.time) this.lastEventSec = Math.max(this.lastEventSec, raw.time);
    this.o.onEvent({
      action,
      id,
      time: raw.timeNano ? Math.floor(raw.timeNano / 1e6) : Date.now(),
      attributes: raw.Actor?.Attributes ?? {},
    });
  }
}
