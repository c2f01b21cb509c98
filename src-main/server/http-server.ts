import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { ApiError } from '../../src-shared/api';
import type { Router } from '../rpc';
import { OriginPolicy, TOKEN_COOKIE } from './auth';
import { planBind, type BindPlan } from './bind-address';
import { refuseUpgrade, sendRefusal } from './error-answers';
import { sendError, type HttpRoute } from './routes/http-route';
import { RequestGate, type Refusal } from './request-gate';
import { DEFAULT_LIMITS, type ServerLimits } from './server-limits';
import { serveStatic } from './static-files';
import type { TlsMaterial } from './tls-certificate';
import { WsTransport } from './ws-transport';

export interface BrowserServerOptions {
  router: Router;
  routes: HttpRoute[];
  token: string;
  host: string;
  port: number;
  /** The built renderer (out/renderer). */
  staticDir: string;
  /** HTTPS with this certificate; required for a bind other than loopback. */
  tls?: TlsMaterial;
  limits?: Partial<ServerLimits>;
}

export interface BrowserServer {
  server: Server;
  port: number;
  url: string;
  /** Every URL the server answers at (one per address of a wildcard bind). */
  urls: string[];
  bind: BindPlan;
  ws: WsTransport;
  close(): Promise<void>;
}

/**
 * The browser mode's HTTP(S) server: renderer files, the REST routes and the API socket, all behind
 * the token. Every request and upgrade handler is caught: a failure closes that one exchange with
 * a typed error, never the process.
 */
export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const bind = planBind(options.host);
  if (!bind.loopback && !options.tls) {
    throw new Error(`Refusing to serve plain HTTP on ${options.host}: the token would cross the network in clear text`);
  }
  const scheme = options.tls ? 'https' : 'http';
  const ws = new WsTransport(options.router, limits);
  const gate = new RequestGate(() => options.token, limits, new OriginPolicy(bind.names, options.port, scheme));
  const serverOptions = {
    // A request without Host gets the typed 400 of the gate rather than Node's empty one.
    requireHostHeader: false,
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: limits.timeoutCheckMs,
  };
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    handleRequest(req, res).catch((err: unknown) => {
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

  const refuse = (res: ServerResponse, r: Refusal): void => sendRefusal(res, r.status, r.error, r.headers);

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const head = gate.head(req);
    if (!head.ok) return refuse(res, head);
    const url = head.url;
    const route = options.routes.find((r) => r.path === url.pathname);
    if (!route?.public) {
      const auth = gate.authenticate(req, url);
      if (!auth.ok) {
        if (auth.status === 401 && !route && !url.pathname.startsWith('/api/')) {
          res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' });
          res.end('SutazAI Control Center: open the address with ?token=… that the server printed when it started.\n');
          return;
        }
        return refuse(res, auth);
      }
      if (auth.via === 'query') {
        const secure = options.tls ? '; Secure' : '';
        res.setHeader(
          'Set-Cookie',
          `${TOKEN_COOKIE}=${encodeURIComponent(options.token)}; HttpOnly; SameSite=Strict; Path=/${secure}`,
        );
      }
      watchBody(req, res, limits.bodyTimeoutMs);
    }
    if (route) {
      if (req.method !== route.method && !(route.method === 'GET' && req.method === 'HEAD')) {
        res.setHeader('Allow', route.method === 'GET' ? 'GET, HEAD' : route.method);
        sendError(res, new ApiError('METHOD_NOT_ALLOWED', `${url.pathname} answers ${route.method} only`));
        return;
      }
      await route.handle(req, res, url);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendError(
        res,
        new ApiError(
          'NOT_FOUND',
          `${req.method} ${url.pathname} is not an endpoint`,
          'GET /api/v1/openapi.json lists the endpoints.',
        ),
      );
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      sendError(
        res,
        new ApiError(
          'NOT_FOUND',
          `${url.pathname} is not an endpoint`,
          'GET /api/v1/openapi.json lists the endpoints.',
        ),
      );
      return;
    }
    if (!(await serveStatic(options.staticDir, url.pathname, res))) {
      sendError(res, new ApiError('NOT_FOUND', `${url.pathname} not found`));
    }
  }

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const check = gate.head(req);
    if (!check.ok) return refuseUpgrade(socket, check.status, check.error, check.headers);
    if (check.url.pathname !== '/ws') {
      return refuseUpgrade(socket, 404, {
        code: 'NOT_FOUND',
        message: `${check.url.pathname.slice(0, 100)} is not a WebSocket endpoint`,
      });
    }
    const auth = gate.authenticate(req, check.url);
    if (!auth.ok) return refuseUpgrade(socket, auth.status, auth.error, auth.headers);
    if (ws.full) {
      return refuseUpgrade(
        socket,
        503,
        {
          code: 'UNAVAILABLE',
          message: `${limits.maxSockets} API sockets are open, the most this server keeps; close one (another tab) and retry`,
        },
        { 'Retry-After': '5' },
      );
    }
    ws.accept(req, socket, head);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // The HTTP server stops listening for errors on an upgraded socket: a reset there must not go uncaught.
    socket.on('error', () => socket.destroy());
    try {
      handleUpgrade(req, socket, head);
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
    server.listen(options.port, bind.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // A socket's own error after listening (EMFILE on accept, say) is logged, not fatal.
  server.on('error', (err) => console.warn(`sutazai serve: ${err.message}`));
  const port = (server.address() as AddressInfo).port;
  gate.setPolicy(new OriginPolicy(bind.names, port, scheme));
  const token = encodeURIComponent(options.token);
  const urls = bind.addresses.map((a) => `${scheme}://${a}:${port}/?token=${token}`);
  return {
    server,
    port,
    url: `${scheme}://${bind.shownHost}:${port}/?token=${token}`,
    urls,
    bind,
    ws,
    close: () =>
      new Promise<void>((resolve) => {
        ws.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Answers 408 when an authenticated request's body has not fully arrived `ms` after its headers
 * (a client that opens a request and never finishes it holds a connection and the handler waiting
 * on it). Requests whose body is complete, or whose answer is done, are left alone.
 */
function watchBody(req: IncomingMessage, res: ServerResponse, ms: number): void {
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
