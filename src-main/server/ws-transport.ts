import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ServerMessage } from '../../src-shared/api';
import { RpcConnection, type Router } from '../rpc';

const MAX_MESSAGE_BYTES = 1024 * 1024;
/** A client that falls this far behind stops getting stream events until it catches up. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/**
 * Carries the typed API over WebSocket: one RpcConnection per socket, JSON messages, and every
 * subscription disposed when the socket closes. Authentication happens before `accept`.
 */
export class WsTransport {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  private nextPeer = 1;
  private readonly connections = new Set<RpcConnection>();

  constructor(private readonly router: Router) {}

  accept(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.attach(ws));
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  close(): void {
    for (const c of this.connections) c.close();
    for (const ws of this.wss.clients) ws.close(1001, 'server shutting down');
    this.wss.close();
  }

  private attach(ws: WebSocket): void {
    const send = (message: ServerMessage): void => {
      if (ws.readyState !== ws.OPEN) return;
      if (message.type === 'event' && ws.bufferedAmount > MAX_BUFFERED_BYTES) return;
      ws.send(JSON.stringify(message));
    };
    const connection = new RpcConnection(this.router, send, { transport: 'websocket', peer: `ws-${this.nextPeer++}` });
    this.connections.add(connection);
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        send({ type: 'result', id: -1, result: { ok: false, error: { code: 'INVALID_INPUT', message: 'Binary messages are not accepted' } } });
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(data.toString());
      } catch {
        send({ type: 'result', id: -1, result: { ok: false, error: { code: 'INVALID_INPUT', message: 'A message must be valid JSON' } } });
        return;
      }
      void connection.handle(parsed);
    });
    const done = (): void => {
      connection.close();
      this.connections.delete(connection);
    };
    ws.on('close', done);
    ws.on('error', done);
  }
}
