import type { ClientMessage, ServerMessage } from '../../src-shared/api';
import type { CallContext } from './handlers';
import type { Router } from './router';

/**
 * One client's session over any message transport: it answers calls, keeps its subscriptions
 * keyed by id, and disposes all of them when the transport closes. The WebSocket server and the
 * Electron IPC bridge both drive one of these per peer.
 */
export class RpcConnection {
  private readonly subscriptions = new Map<number, () => void>();
  private readonly abort = new AbortController();
  private closed = false;

  constructor(
    private readonly router: Router,
    private readonly send: (message: ServerMessage) => void,
    private readonly ctx: Omit<CallContext, 'signal'>,
  ) {}

  get context(): CallContext {
    return { ...this.ctx, signal: this.abort.signal };
  }

  /** Handles one parsed message; anything malformed gets a typed error, never an exception. */
  async handle(raw: unknown): Promise<void> {
    if (this.closed) return;
    const message = parseClientMessage(raw);
    if (!message.ok) {
      const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : -1;
      this.post({ type: 'result', id, result: { ok: false, error: { code: 'INVALID_INPUT', message: message.error } } });
      return;
    }
    const msg = message.value;
    switch (msg.type) {
      case 'call': {
        const result = await this.router.call(msg.name, msg.input, this.context);
        this.post({ type: 'result', id: msg.id, result });
        return;
      }
      case 'subscribe': {
        if (this.subscriptions.has(msg.id)) {
          this.post({ type: 'end', id: msg.id, error: { code: 'CONFLICT', message: `Subscription ${msg.id} already exists` } });
          return;
        }
        const started = this.router.subscribe(
          msg.name,
          msg.input,
          (data) => this.post({ type: 'event', id: msg.id, data }),
          (error) => {
            this.subscriptions.delete(msg.id);
            this.post(error ? { type: 'end', id: msg.id, error } : { type: 'end', id: msg.id });
          },
          this.context,
        );
        if (!started.ok) {
          this.post({ type: 'end', id: msg.id, error: started.error });
          return;
        }
        this.subscriptions.set(msg.id, started.value);
        return;
      }
      case 'unsubscribe': {
        this.subscriptions.get(msg.id)?.();
        this.subscriptions.delete(msg.id);
        return;
      }
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

  private post(message: ServerMessage): void {
    if (this.closed) return;
    this.send(message);
  }
}

function parseClientMessage(raw: unknown): { ok: true; value: ClientMessage } | { ok: false; error: string } {
  if (typeof raw !== 'object' || raw === null) return { ok: false, error: 'A message must be a JSON object' };
  const m = raw as Record<string, unknown>;
  if (typeof m.id !== 'number' || !Number.isSafeInteger(m.id)) return { ok: false, error: "A message needs a numeric 'id'" };
  if (m.type === 'unsubscribe') return { ok: true, value: { type: 'unsubscribe', id: m.id } };
  if (m.type === 'call' || m.type === 'subscribe') {
    if (typeof m.name !== 'string') return { ok: false, error: `A '${m.type}' message needs a string 'name'` };
    return { ok: true, value: { type: m.type, id: m.id, name: m.name, input: m.input } };
  }
  return { ok: false, error: `Unknown message type '${String(m.type).slice(0, 40)}'` };
}
