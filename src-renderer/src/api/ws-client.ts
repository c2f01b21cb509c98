import type { ServerMessage } from '../../../src-shared/api';
import { ClientError, type ApiClient, type ConnectionState } from './client';
import { toClientError, unwrapResult } from './unwrap';

interface Pending {
  name: string;
  resolve: (value: unknown) => void;
  reject: (error: ClientError) => void;
}

interface Subscription {
  name: string;
  input: unknown;
  onEvent: (data: unknown) => void;
  onError?: (error: ClientError) => void;
}

/**
 * The browser-mode client: the same messages as IPC over one WebSocket. It reconnects with
 * backoff, re-subscribes every live stream after a reconnect, and fails pending calls with
 * UNAVAILABLE while the server is gone.
 */
export function createWsClient(url: string): ApiClient {
  let ws: WebSocket | undefined;
  let state: ConnectionState = 'connecting';
  let nextId = 1;
  let retry = 0;
  const pending = new Map<number, Pending>();
  const subs = new Map<number, Subscription>();
  const queue: string[] = [];
  const stateListeners = new Set<(s: ConnectionState) => void>();

  const setState = (s: ConnectionState): void => {
    if (s === state) return;
    state = s;
    for (const l of stateListeners) l(s);
  };

  const send = (message: object): void => {
    const text = JSON.stringify(message);
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(text);
    else queue.push(text);
  };

  const connect = (): void => {
    setState('connecting');
    const socket = new WebSocket(url);
    ws = socket;
    socket.onopen = () => {
      retry = 0;
      setState('open');
      for (const [id, s] of subs) socket.send(JSON.stringify({ type: 'subscribe', id, name: s.name, input: s.input }));
      for (const text of queue.splice(0)) socket.send(text);
    };
    socket.onmessage = (ev) => {
      let m: ServerMessage;
      try {
        m = JSON.parse(String(ev.data)) as ServerMessage;
      } catch {
        return;
      }
      if (m.type === 'result') {
        const p = pending.get(m.id);
        if (!p) return;
        pending.delete(m.id);
        try {
          p.resolve(unwrapResult(m.result, p.name));
        } catch (err) {
          p.reject(err as ClientError);
        }
      } else if (m.type === 'event') {
        subs.get(m.id)?.onEvent(m.data);
      } else if (m.type === 'end') {
        const s = subs.get(m.id);
        subs.delete(m.id);
        if (s && m.error) s.onError?.(toClientError(m.error, s.name));
      }
    };
    socket.onclose = () => {
      if (ws !== socket) return;
      setState('closed');
      for (const p of pending.values())
        p.reject(new ClientError('UNAVAILABLE', 'The connection to the control center was lost'));
      pending.clear();
      const delay = Math.min(10_000, 250 * 2 ** retry++);
      setTimeout(connect, delay);
    };
  };
  connect();

  return {
    call(name, input) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { name, resolve: resolve as (v: unknown) => void, reject });
        send({ type: 'call', id, name, input: input ?? {} });
      });
    },
    subscribe(name, input, onEvent, onError) {
      const id = nextId++;
      subs.set(id, {
        name,
        input: input ?? {},
        onEvent: onEvent as (d: unknown) => void,
        ...(onError ? { onError } : {}),
      });
      if (ws && ws.readyState === WebSocket.OPEN)
        ws.send(JSON.stringify({ type: 'subscribe', id, name, input: input ?? {} }));
      return () => {
        if (!subs.delete(id)) return;
        if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'unsubscribe', id }));
      };
    },
    connection: () => state,
    onConnection(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
  };
}
