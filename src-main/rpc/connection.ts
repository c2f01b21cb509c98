import type { ApiErrorShape, ClientMessage, ServerMessage } from '../../src-shared/api';
import type { CallContext } from './handlers';
import type { Router } from './router';

export interface ConnectionLimits {
  /** Open subscriptions at once; one more is ended with RATE_LIMITED. */
  maxSubscriptions: number;
  /** Calls in progress at once; one more is answered with RATE_LIMITED. */
  maxPendingCalls: number;
}

const NO_LIMITS: ConnectionLimits = { maxSubscriptions: Infinity, maxPendingCalls: Infinity };

/**
 * One client's session over any message transport: it answers calls, keeps its subscriptions
 * keyed by id, and disposes all of them when the transport closes. The WebSocket server and the
 * Electron IPC bridge both drive one of these per peer. Every well-formed message gets an answer
 * (a result, or an `end` for subscribe and unsubscribe), and `handle` never rejects.
 */
export class RpcConnection {
  private readonly subscriptions = new Map<number, () => void>();
  private readonly abort = new AbortController();
  private pendingCalls = 0;
  private closed = false;

  constructor(
    private readonly router: Router,
    private readonly send: (message: ServerMessage) => void,
    private readonly ctx: Omit<CallContext, 'signal'>,
    private readonly limits: ConnectionLimits = NO_LIMITS,
  ) {}

  get context(): CallContext {
    return { ...this.ctx, signal: this.abort.signal };
  }

  /** Handles one parsed message; anything malformed or failing gets a typed error, never an exception. */
  async handle(raw: unknown): Promise<void> {
    if (this.closed) return;
    const message = parseClientMessage(raw);
    if (!message.ok) {
      this.post({
        type: 'result',
        id: message.id,
        result: { ok: false, error: { code: 'INVALID_INPUT', message: message.error } },
      });
      return;
    }
    const msg = message.value;
    try {
      if (msg.type === 'call') await this.call(msg.id, msg.name, msg.input);
      else if (msg.type === 'subscribe') this.subscribe(msg.id, msg.name, msg.input);
      else this.unsubscribe(msg.id);
    } catch (err) {
      const error: ApiErrorShape = {
        code: 'INTERNAL',
        message: `${msg.type} ${msg.id} failed: ${err instanceof Error ? err.message : 'unknown error'}`,
      };
      this.post(
        msg.type === 'call'
          ? { type: 'result', id: msg.id, result: { ok: false, error } }
          : { type: 'end', id: msg.id, error },
      );
    }
  }

  get subscriptionCount(): number {
    return this.subscriptions.size;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.abort.abort();
    for (const stop of this.subscriptions.values()) stop();
    this.subscriptions.clear();
  }

  private async call(id: number, name: string, input: unknown): Promise<void> {
    if (this.pendingCalls >= this.limits.maxPendingCalls) {
      const error = limitError(
        `${this.limits.maxPendingCalls} calls are already in progress on this connection; wait for one to finish`,
      );
      this.post({ type: 'result', id, result: { ok: false, error } });
      return;
    }
    this.pendingCalls++;
    try {
      const result = await this.router.call(name, input, this.context);
      this.post({ type: 'result', id, result });
    } finally {
      this.pendingCalls--;
    }
  }

  private subscribe(id: number, name: string, input: unknown): void {
    if (this.subscriptions.has(id)) {
      this.post({ type: 'end', id, error: { code: 'CONFLICT', message: `Subscription ${id} already exists` } });
      return;
    }
    if (this.subscriptions.size >= this.limits.maxSubscriptions) {
      this.post({
        type: 'end',
        id,
        error: limitError(
          `This connection already has ${this.limits.maxSubscriptions} subscriptions; unsubscribe from one first`,
        ),
      });
      return;
    }
    let ended = false;
    const started = this.router.subscribe(
      name,
      input,
      (data) => this.post({ type: 'event', id, data }),
      (error) => {
        ended = true;
        this.subscriptions.delete(id);
        this.post(error ? { type: 'end', id, error } : { type: 'end', id });
      },
      this.context,
    );
    if (!started.ok) this.post({ type: 'end', id, error: started.error });
    else if (!ended) this.subscriptions.set(id, started.value);
  }

  private unsubscribe(id: number): void {
    const stop = this.subscriptions.get(id);
    if (!stop) {
      this.post({ type: 'end', id, error: { code: 'NOT_FOUND', message: `No subscription ${id} on this connection` } });
      return;
    }
    stop();
    this.subscriptions.delete(id);
  }

  private post(message: ServerMessage): void {
    if (this.closed) return;
    this.send(message);
  }
}

function limitError(message: string): ApiErrorShape {
  return { code: 'RATE_LIMITED', message };
}

type Parsed = { ok: true; value: ClientMessage } | { ok: false; id: number; error: string };

/** Reads a message without calling anything on it: no getters, no toString, no prototype lookups. */
function parseClientMessage(raw: unknown): Parsed {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, id: -1, error: 'A message must be a JSON object' };
  const field = (key: string): unknown =>
    Object.prototype.hasOwnProperty.call(raw, key) ? (raw as Record<string, unknown>)[key] : undefined;
  const id = field('id');
  const type = field('type');
  if (typeof id !== 'number' || !Number.isSafeInteger(id))
    return { ok: false, id: -1, error: "A message needs a numeric 'id'" };
  if (type === 'unsubscribe') return { ok: true, value: { type: 'unsubscribe', id } };
  if (type === 'call' || type === 'subscribe') {
    const name = field('name');
    if (typeof name !== 'string') return { ok: false, id, error: `A '${type}' message needs a string 'name'` };
    return { ok: true, value: { type, id, name, input: field('input') } };
  }
  const shown =
    typeof type === 'string'
      ? `'${type.slice(0, 40)}'`
      : type === undefined
        ? 'missing'
        : `a ${type === null ? 'null' : typeof type}`;
  return { ok: false, id, error: `Unknown message type (${shown}); expected 'call', 'subscribe' or 'unsubscribe'` };
}
