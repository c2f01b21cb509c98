import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { McpServerState } from '../../src-shared/api';
import type { NewEvent } from '../events';
import { RestartRecord, restartDelay, type RestartPolicy } from '../supervisor';
import type { McpConnection, ServerListing } from './mcp-connection';
import type { McpLog } from './mcp-log';

export interface SupervisedServerOptions {
  /** The name events and the log use. */
  name: string;
  /** Runs before each start while it returns a promise (installing an npm package the first time). */
  prepare?: () => Promise<void>;
  /** A new transport for each start (a new child process, a new connection). */
  transport: () => Transport | Promise<Transport>;
  /** The child's pid once started, for stdio servers. */
  pidOf?: (t: Transport) => number | undefined;
  policy: RestartPolicy;
  log: McpLog;
  record: (e: Omit<NewEvent, 'project'>) => void;
  onChange: () => void;
  version: string;
  connectTimeoutMs?: number;
  now?: () => number;
}

const ERROR_EVENTS = new Set(['crashed', 'crash-loop']);

/**
 * One MCP server kept alive like a service of the stack: started, watched, restarted after a crash
 * with the supervisor's backoff (1 s doubling to 60 s, with jitter), and parked as crash-looping
 * after five restarts within ten minutes, until the user starts it again. A stop that was asked for
 * is never undone.
 */
export class SupervisedServer {
  state: McpServerState = 'starting';
  error: string | undefined;
  since: number;
  listing: ServerListing | undefined;
  connection: McpConnection | undefined;
  pid: number | undefined;
  private readonly restartRecord = new RestartRecord();
  private timer: NodeJS.Timeout | undefined;
  private wanted = false;
  /** Bumped at each start and stop, so a late answer from an older attempt is ignored. */
  private generation = 0;
  private readonly now: () => number;

  constructor(private readonly o: SupervisedServerOptions) {
    this.now = o.now ?? Date.now;
    this.since = this.now();
  }

  get restarts(): number {
    return this.restartRecord.restarts.length;
  }

  start(): void {
    this.wanted = true;
    clearTimeout(this.timer);
    void this.attempt(++this.generation);
  }

  /** Starts again with a clean record (the Retry of a crash-looping or failed server). */
  restart(): Promise<void> {
    this.restartRecord.parked = false;
    this.restartRecord.restarts = [];
    return this.stop().then(() => this.start());
  }

  async stop(state: McpServerState = 'disabled'): Promise<void> {
    this.wanted = false;
    this.generation++;
    clearTimeout(this.timer);
    const c = this.connection;
    this.connection = undefined;
    this.pid = undefined;
    this.set(state);
    if (c) {
      await c.close();
      this.o.log.note('stopped');
    }
  }

  private set(state: McpServerState, error?: string): void {
    this.state = state;
    this.error = error;
    this.since = this.now();
    this.o.onChange();
  }

  private async attempt(gen: number): Promise<void> {
    const current = (): boolean => gen === this.generation && this.wanted;
    try {
      if (this.o.prepare) {
        this.set('installing');
        await this.o.prepare();
        if (!current()) return;
      }
      this.set(this.restartRecord.restarts.length ? 'restarting' : 'starting');
      const transport = await this.o.transport();
      // The SDK's client is loaded at the first start of a server, not with the app.
      const { McpConnection } = await import('./mcp-connection');
      const connection = await McpConnection.open(transport, this.o.connectTimeoutMs ?? 30_000, this.o.version);
      if (!current()) {
        await connection.close();
        return;
      }
      this.connection = connection;
      this.pid = this.o.pidOf?.(transport);
      connection.onClose(() => {
        if (this.connection === connection) void this.crashed(gen, 'the server closed the connection');
      });
      connection.onToolsChanged(() => void this.refresh(connection));
      this.listing = await connection.listing(this.o.connectTimeoutMs ?? 30_000);
      if (!current() || this.connection !== connection) return;
      this.restartRecord.lastStartAt = this.now();
      this.o.log.note(`running${this.pid ? ` (pid ${this.pid})` : ''}`);
      this.set('running');
    } catch (err) {
      if (!current()) return;
      const message = describe(err);
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as { hint?: string }).hint) {
        this.o.log.note(`could not start: ${message}`);
        this.o.record({
          kind: 'crashed',
          service: this.o.name,
          severity: 'warning',
          message: `MCP server ${this.o.name} could not start: ${message}`,
        });
        this.set('failed', message);
        return;
      }
      await this.crashed(gen, message);
    }
  }

  private async refresh(connection: McpConnection): Promise<void> {
    try {
      this.listing = await connection.listing(this.o.connectTimeoutMs ?? 30_000);
      this.o.onChange();
    } catch {
      // The next start lists again.
    }
  }

  private async crashed(gen: number, reason: string): Promise<void> {
    if (gen !== this.generation || !this.wanted) return;
    const c = this.connection;
    this.connection = undefined;
    this.pid = undefined;
    await c?.close();
    const now = this.now();
    const policy = this.o.policy;
    const r = this.restartRecord;
    r.prune(policy, now);
    this.o.log.note(`exited: ${reason}`);
    if (r.restarts.length >= policy.maxRestarts) {
      r.parked = true;
      this.event(
        'crash-loop',
        `MCP server ${this.o.name} failed ${r.restarts.length + 1} times within ${Math.round(policy.windowMs / 60_000)} min; it is not restarted until you start it again`,
        reason,
      );
      this.set('crash-loop', reason);
      return;
    }
    const delay = restartDelay(policy, r.restarts.length);
    r.restarts.push(now);
    this.event(
      'restart-scheduled',
      `MCP server ${this.o.name} stopped (${reason}); restarting in ${(delay / 1000).toFixed(1)} s`,
      reason,
      delay,
    );
    this.set('restarting', reason);
    this.timer = setTimeout(() => {
      if (gen !== this.generation || !this.wanted) return;
      this.o.log.note('restarting');
      void this.attempt(gen);
    }, delay);
    this.timer.unref?.();
  }

  private event(kind: 'crash-loop' | 'restart-scheduled', message: string, reason: string, delayMs?: number): void {
    this.o.record({
      kind,
      service: this.o.name,
      severity: ERROR_EVENTS.has(kind) ? 'critical' : 'warning',
      message,
      data: { reason, ...(delayMs !== undefined ? { delayMs } : {}) },
    });
  }

  dispose(): void {
    void this.stop();
  }
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException & { path?: string };
  if (e?.code === 'ENOENT' && e.path) return `command not found: ${e.path}`;
  return e?.message ?? String(err);
}
