import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { ServerMessage } from '../../src-shared/api';
import { MAX_BODY_BYTES } from '../../src-shared/api/http';
import { RpcConnection, type Router } from '../rpc';
import { refuseUpgrade } from './error-answers';
import type { ServerLimits } from './server-limits';

/** The largest message the API socket takes: the same as the largest HTTP body. */
const MAX_MESSAGE_BYTES = MAX_BODY_BYTES;
/** A client that falls this far behind stops getting stream events until it catches up. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

type SocketLimits = Pick<ServerLimits, 'maxSockets' | 'maxSubscriptions' | 'maxPendingCalls' | 'heartbeatMs'>;

/**
 * Carries the typed API over WebSocket: one RpcConnection per socket, JSON messages, and every
 * subscription disposed when the socket closes. Authentication happens before `accept`. Each
 * socket is pinged every `heartbeatMs`; one that has not answered the previous ping is dropped.
 */
export class WsTransport {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  private nextPeer = 1;
  private accepting = 0;
  private readonly connections = new Map<WebSocket, RpcConnection>();
  private readonly alive = new WeakSet<WebSocket>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly router: Router,
    private readonly limits: SocketLimits,
  ) {
    this.heartbeat = setInterval(() => this.beat(), limits.heartbeatMs);
    this.heartbeat.unref();
    // A handshake ws cannot complete (wrong method, key or version) gets the same typed error body as every refusal.
    this.wss.on('wsClientError', (err: Error, socket: Duplex) => {
      const headers: Record<string, string> = /Version/.test(err.message) ? { 'Sec-WebSocket-Version': '13, 8' } : {};
      refuseUpgrade(
        socket,
        /method/i.test(err.message) ? 405 : 400,
        { code: 'INVALID_INPUT', message: `WebSocket handshake: ${err.message}` },
        headers,
      );
    });
  }

  /** Whether another socket would go over the cap. */
  get full(): boolean {
    return this.connections.size + this.accepting >= this.limits.maxSockets;
  }

  accept(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.accepting++;
    let counted = true;
    const settle = (): void => {
      if (counted) this.accepting--;
      counted = false;
    };
    socket.once('close', settle);
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      settle();
      this.attach(ws);
    });
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const c of this.connections.values()) c.close();
    for (const ws of this.wss.clients) ws.close(1001, 'server shutting down');
    this.wss.close();
  }

  private beat(): void {
    for (const ws of this.connections.keys()) {
      if (!this.alive.has(ws)) {
        ws.terminate();
        continue;
      }
      this.alive.delete(ws);
      try {
        ws.ping();
      } catch {
        ws.terminate();
      }
    }
  }

  private attach(ws: WebSocket): void {
    const send = (message: ServerMessage): void => {
      if (ws.readyState !== ws.OPEN) return;
      if (message.type === 'event' && ws.bufferedAmount > MAX_BUFFERED_BYTES) return;
      ws.send(JSON.stringify(message));
    };
    const connection = new RpcConnection(
      this.router,
      send,
      { transport: 'websocket', peer: `ws-${this.nextPeer++}` },
      this.limits,
    );
    this.connections.set(ws, connection);
    this.alive.add(ws);
    ws.on('pong', () => this.alive.add(ws));
    const refuse = (message: string): void => {
      send({ type: 'result', id: -1, result: { ok: false, error: { code: 'INVALID_INPUT', message } } });
    };
    ws.on('message', (data: RawData, isBinary: boolean) => {
      this.alive.add(ws);
      if (isBinary) return refuse('Binary messages are not accepted');
      let parsed: unknown;
      try {
        parsed = JSON.parse(data.toString());
      } catch {
        return refuse('A message must be valid JSON');
      }
      connection.handle(parsed).catch(() => ws.terminate());
    });
    const done = (): void => {
      connection.close();
      this.connections.delete(ws);
    };
    ws.on('close', done);
    ws.on('error', () => {
      done();
      ws.terminate();
    });
  }
}
