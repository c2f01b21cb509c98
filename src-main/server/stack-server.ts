import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { ApiError } from '../../src-shared/api';
import { OriginPolicy } from './auth';
import { bracketed } from './bind-address';
import { refuseUpgrade, sendRefusal } from './error-answers';
import { callRoute, listenHttp, watchBody, type HttpListener } from './http-listener';
import { sendError, type HttpRoute } from './routes/http-route';
import { RequestGate } from './request-gate';
import { DEFAULT_LIMITS, type ServerLimits } from './server-limits';

/** The name the stack's containers use for this host (`extra_hosts: host.docker.internal:host-gateway`). */
export const CONTAINER_HOST_NAME = 'host.docker.internal';

export interface StackServerOptions {
  /** Every route of the API; only those marked `stackToken` are served. */
  routes: HttpRoute[];
  /** The stack's API token, read on every request; unset until the stack has one. */
  stackToken: () => string | undefined;
  /** The engine's bridge address on this host. */
  host: string;
  port: number;
  limits?: Partial<ServerLimits>;
}

export interface StackServer extends HttpListener {
  url: string;
}

/**
 * The listener the stack's own containers reach (Prometheus scraping /metrics, Alertmanager posting
 * alerts): plain HTTP on the engine's bridge address, which exists only on this machine. It answers
 * the stack-token routes only, and only to the stack's API token as a bearer header: no browser
 * token, no cookie, no renderer, no WebSocket. The request gate, limits and typed errors are the
 * browser server's.
 */
export async function startStackServer(options: StackServerOptions): Promise<StackServer> {
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const routes = options.routes.filter((r) => r.stackToken);
  const served = routes.map((r) => `${r.method} ${r.path}`).join(' and ');
  const names = [bracketed(options.host), CONTAINER_HOST_NAME];
  const gate = new RequestGate({ stack: options.stackToken }, limits, new OriginPolicy(names, options.port));

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const head = gate.head(req);
    if (!head.ok) return sendRefusal(res, head.status, head.error, head.headers);
    const auth = gate.authenticate(req, head.url, ['stack']);
    if (!auth.ok) return sendRefusal(res, auth.status, auth.error, auth.headers);
    watchBody(req, res, limits.bodyTimeoutMs);
    const route = routes.find((r) => r.path === head.url.pathname);
    if (!route) {
      const message = `${head.url.pathname.slice(0, 100)} is not served on the stack endpoint`;
      sendError(
        res,
        new ApiError(
          'NOT_FOUND',
          message,
          `It answers ${served} only; the rest of the API is at the address \`sutazai serve\` printed.`,
        ),
      );
      return;
    }
    await callRoute(route, req, res, head.url);
  }

  function handleUpgrade(_req: IncomingMessage, socket: Duplex): void {
    refuseUpgrade(socket, 404, { code: 'NOT_FOUND', message: 'The stack endpoint has no WebSocket' });
  }

  const listener = await listenHttp({
    host: options.host,
    port: options.port,
    limits,
    onRequest: handleRequest,
    onUpgrade: handleUpgrade,
  });
  gate.setPolicy(new OriginPolicy(names, listener.port));
  return { ...listener, url: `http://${bracketed(options.host)}:${listener.port}` };
}
