import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { ApiError } from '../../src-shared/api';
import type { Router } from '../rpc';
import { OriginPolicy, presentedToken, TOKEN_COOKIE, tokensEqual } from './auth';
import { sendError, sendJson, type HttpRoute } from './routes/http-route';
import { serveStatic } from './static-files';
import { WsTransport } from './ws-transport';

export interface BrowserServerOptions {
  router: Router;
  routes: HttpRoute[];
  token: string;
  host: string;
  port: number;
  /** The built renderer (out/renderer). */
  staticDir: string;
}

export interface BrowserServer {
  server: Server;
  port: number;
  url: string;
  ws: WsTransport;
  close(): Promise<void>;
}

/** The browser mode's HTTP server: renderer files, the REST routes and the API socket, all behind the token. */
export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const ws = new WsTransport(options.router);
  let policy = new OriginPolicy(options.host, options.port);
  const server = createServer((req, res) => {
    void handleRequest(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendError(res, new ApiError('INTERNAL', String(err)));
      else res.destroy();
    });
  });

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!policy.hostAllowed(req.headers.host)) {
      sendJson(res, 421, { error: { code: 'FORBIDDEN', message: `Host '${req.headers.host ?? ''}' is not this server` } });
      return;
    }
    if (!policy.originAllowed(req.headers.origin)) {
      sendJson(res, 403, { error: { code: 'FORBIDDEN', message: 'Cross-origin requests are not allowed' } });
      return;
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const route = options.routes.find((r) => r.path === url.pathname);
    if (!route?.public) {
      const { token, via } = presentedToken(req, url);
      if (!tokensEqual(token, options.token)) {
        if (route || url.pathname.startsWith('/api/')) {
          res.setHeader('WWW-Authenticate', 'Bearer realm="sutazai"');
          sendError(
            res,
            new ApiError('UNAUTHORIZED', 'A valid token is required', 'Send Authorization: Bearer <token>, with the token `sutazai serve` printed.'),
          );
        } else {
          res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' });
          res.end('SutazAI Control Center: open the address with ?token=… that the server printed when it started.\n');
        }
        return;
      }
      if (via === 'query') {
        res.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${encodeURIComponent(options.token)}; HttpOnly; SameSite=Strict; Path=/`);
      }
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
      sendError(res, new ApiError('NOT_FOUND', `${req.method} ${url.pathname} is not an endpoint`, 'GET /api/v1/openapi.json lists the endpoints.'));
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      sendError(res, new ApiError('NOT_FOUND', `${url.pathname} is not an endpoint`, 'GET /api/v1/openapi.json lists the endpoints.'));
      return;
    }
    if (!(await serveStatic(options.staticDir, url.pathname, res))) {
      sendError(res, new ApiError('NOT_FOUND', `${url.pathname} not found`));
    }
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const reject = (status: number, text: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'invalid'}`);
    if (url.pathname !== '/ws') return reject(404, 'Not Found');
    if (!policy.hostAllowed(req.headers.host)) return reject(421, 'Misdirected Request');
    if (!policy.originAllowed(req.headers.origin)) return reject(403, 'Forbidden');
    if (!tokensEqual(presentedToken(req, url).token, options.token)) return reject(401, 'Unauthorized');
    ws.accept(req, socket, head);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  policy = new OriginPolicy(options.host, port);
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    server,
    port,
    url: `http://${shownHost}:${port}/?token=${options.token}`,
    ws,
    close: () =>
      new Promise<void>((resolve) => {
        ws.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
