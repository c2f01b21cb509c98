import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { ApiError } from '../../src-shared/api';
import type { Router } from '../rpc';
import { OriginPolicy, TOKEN_COOKIE } from './auth';
import { planBind, type BindPlan } from './bind-address';
import { refuseUpgrade, sendRefusal } from './error-answers';
import { callRoute, listenHttp, watchBody } from './http-listener';
import { sendError, type HttpRoute } from './routes/http-route';
import { RequestGate, type Credential, type Refusal } from './request-gate';
import { DEFAULT_LIMITS, type ServerLimits } from './server-limits';
import { serveStatic } from './static-files';
import type { TlsMaterial } from './tls-certificate';
import { WsTransport } from './ws-transport';

export interface BrowserServerOptions {
  router: Router;
  routes: HttpRoute[];
  token: string;
  /** The stack's API token, which the stack-token routes accept too (read on every request; unset until generated). */
  stackToken?: () => string | undefined;
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

const BROWSER_ONLY: readonly Credential[] = ['browser'];
const BROWSER_OR_STACK: readonly Credential[] = ['browser', 'stack'];

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
  const credentials = { browser: () => options.token, ...(options.stackToken ? { stack: options.stackToken } : {}) };
  const gate = new RequestGate(credentials, limits, new OriginPolicy(bind.names, options.port, scheme));

  const refuse = (res: ServerResponse, r: Refusal): void => sendRefusal(res, r.status, r.error, r.headers);

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const head = gate.head(req);
    if (!head.ok) return refuse(res, head);
    const url = head.url;
    const route = options.routes.find((r) => r.path === url.pathname);
    if (!route?.public) {
      const auth = gate.authenticate(req, url, route?.stackToken ? BROWSER_OR_STACK : BROWSER_ONLY);
      if (!auth.ok) {
        if (auth.status === 401 && !route && !url.pathname.startsWith('/api/')) {
          res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' });
          res.end('SutazAI Control Center: open the address with ?token=… that the server printed when it started.\n');
          return;
        }
        return refuse(res, auth);
      }
      if (auth.via === 'query' && auth.credential === 'browser') {
        const secure = options.tls ? '; Secure' : '';
        res.setHeader(
          'Set-Cookie',
          `${TOKEN_COOKIE}=${encodeURIComponent(options.token)}; HttpOnly; SameSite=Strict; Path=/${secure}`,
        );
      }
      watchBody(req, res, limits.bodyTimeoutMs);
    }
    if (route) return callRoute(route, req, res, url);
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
    const auth = gate.authenticate(req, check.url, BROWSER_ONLY);
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

  const listener = await listenHttp({
    host: bind.host,
    port: options.port,
    ...(options.tls ? { tls: options.tls } : {}),
    limits,
    onRequest: handleRequest,
    onUpgrade: handleUpgrade,
  });
  const port = listener.port;
  gate.setPolicy(new OriginPolicy(bind.names, port, scheme));
  const token = encodeURIComponent(options.token);
  const urls = bind.addresses.map((a) => `${scheme}://${a}:${port}/?token=${token}`);
  return {
    server: listener.server,
    port,
    url: `${scheme}://${bind.shownHost}:${port}/?token=${token}`,
    urls,
    bind,
    ws,
    close: () => {
      ws.close();
      return listener.close();
    },
  };
}
