import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { ApiError } from '../../src-shared/api';
import { refuseUpgrade, sendRefusal } from './error-answers';
import { sendError, type HttpRoute } from './routes/http-route';
import type { ServerLimits } from './server-limits';
import type { TlsMaterial } from './tls-certificate';

export interface ListenerOptions {
  host: string;
  port: number;
  /** HTTPS with this certificate; plain HTTP without. */
  tls?: TlsMaterial;
  limits: ServerLimits;
  /** Awaited; whatever it throws becomes a typed 500 for that request. */
  onRequest(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Whatever it throws becomes a typed 500 on that socket. */
  onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

export interface HttpListener {
  server: Server;
  port: number;
  close(): Promise<void>;
}

/**
 * An HTTP(S) server with the limits and the last-resort answers every listener of the browser mode
 * shares: header and request timeouts, a connection cap, typed answers to malformed requests,
 * `Expect` and resets, and request and upgrade handlers whose failures end one exchange, never the
 * process. Resolves once it listens; rejects with the bind's error (EADDRINUSE, EADDRNOTAVAIL, ...).
 */
export async function listenHttp(options: ListenerOptions): Promise<HttpListener> {
  const { limits } = options;
  const serverOptions = {
    // A request without Host gets the typed 400 of the gate rather than Node's empty one.
    requireHostHeader: false,
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: limits.timeoutCheckMs,
  };
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    options.onRequest(req, res).catch((err: unknown) => {
      console.error(
        `sutazai serve: ${req.method} ${req.url?.slice(0, 200)} failed: ${err instanceof Error ? err.stack : typeof err}`,
      );
      sendRefusal(res, 500, { code: 'INTERNAL', message: 'The request failed inside the server' });
    });
  };
  const server: Server = options.tls
    ? createHttpsServer({ ...serverOptions, cert: options.tls.cert, key: options.tls.key }, onRequest)
    : createHttpServer(serverOptions, onRequest);
  server.maxConnections = limits.maxConnections;

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // The HTTP server stops listening for errors on an upgraded socket: a reset there must not go uncaught.
    socket.on('error', () => socket.destroy());
    try {
      options.onUpgrade(req, socket, head);
    } catch {
      refuseUpgrade(socket, 500, { code: 'INTERNAL', message: 'The upgrade failed inside the server' });
    }
  });

  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    sendRefusal(res, 417, {
      code: 'INVALID_INPUT',
      message: `Expect: ${String(req.headers.expect).slice(0, 100)} is not supported`,
    });
  });

  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || (socket as Socket).bytesWritten > 0 || err.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      refuseUpgrade(socket, 408, { code: 'TIMEOUT', message: 'The request did not arrive in time' });
    } else if (err.code === 'HPE_HEADER_OVERFLOW') {
      refuseUpgrade(socket, 431, { code: 'INVALID_INPUT', message: 'The request headers are too large' });
    } else {
      refuseUpgrade(socket, 400, {
        code: 'INVALID_INPUT',
        message: `Malformed HTTP request (${err.code ?? 'parse error'})`,
      });
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // A socket's own error after listening (EMFILE on accept, say) is logged, not fatal.
  server.on('error', (err) => console.warn(`sutazai serve: ${err.message}`));
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers a request with its route once the method is the route's (HEAD is answered as GET). */
export async function callRoute(route: HttpRoute, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  if (req.method !== route.method && !(route.method === 'GET' && req.method === 'HEAD')) {
    res.setHeader('Allow', route.method === 'GET' ? 'GET, HEAD' : route.method);
    sendError(res, new ApiError('METHOD_NOT_ALLOWED', `${url.pathname} answers ${route.method} only`));
    return;
  }
  await route.handle(req, res, url);
}

/**
 * Answers 408 when an authenticated request's body has not fully arrived `ms` after its headers
 * (a client that opens a request and never finishes it holds a connection and the handler waiting
 * on it). Requests whose body is complete, or whose answer is done, are left alone.
 */
export function watchBody(req: IncomingMessage, res: ServerResponse, ms: number): void {
  const timer = setTimeout(() => {
    if (req.complete || res.writableEnded) return;
    res.setHeader('Connection', 'close');
    sendRefusal(res, 408, {
      code: 'TIMEOUT',
      message: `The request body did not arrive within ${Math.round(ms / 1000)} s`,
    });
    res.once('finish', () => req.socket.destroy());
  }, ms);
  res.once('close', () => clearTimeout(timer));
}
