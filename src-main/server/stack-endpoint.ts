import { defaultBridgeGateway, type EngineClient } from '../engine';
import type { BrowserServer } from './http-server';
import type { HttpRoute } from './routes';
import type { ServerLimits } from './server-limits';
import { startStackServer, type StackServer } from './stack-server';

/** The port the templates' prometheus.yml and alertmanager.yml call (host.docker.internal:7820). */
export const DEFAULT_STACK_PORT = 7820;

export type StackEndpoint =
  | { state: 'listening'; url: string; server: StackServer }
  | { state: 'off' }
  | { state: 'unavailable'; reason: string };

export interface StackEndpointOptions {
  engine: Pick<EngineClient, 'docker' | 'endpoint'>;
  /** 0: none. */
  port: number;
  routes: HttpRoute[];
  stackToken: () => string | undefined;
  /** The browser-mode server already listening, to name it when it holds the port. */
  main: Pick<BrowserServer, 'bind' | 'port'>;
  limits?: Partial<ServerLimits>;
}

/**
 * Starts the stack endpoint on the engine's default bridge address when there is one on this
 * machine. It never fails `serve`: when it cannot listen, the reason comes back in one sentence.
 */
export async function startStackEndpoint(options: StackEndpointOptions): Promise<StackEndpoint> {
  if (options.port === 0) return { state: 'off' };
  const gateway = await defaultBridgeGateway(options.engine);
  if (!gateway.ok) return { state: 'unavailable', reason: gateway.reason };
  try {
    const server = await startStackServer({
      routes: options.routes,
      stackToken: options.stackToken,
      host: gateway.address,
      port: options.port,
      ...(options.limits ? { limits: options.limits } : {}),
    });
    return { state: 'listening', url: server.url, server };
  } catch (err) {
    return { state: 'unavailable', reason: bindFailure(err as NodeJS.ErrnoException, gateway.address, options) };
  }
}

function bindFailure(err: NodeJS.ErrnoException, address: string, options: StackEndpointOptions): string {
  const where = `${address}:${options.port}`;
  switch (err.code) {
    case 'EADDRINUSE':
      if (options.main.bind.wildcard && options.main.port === options.port) {
        return `${where} is taken by this server's own --host ${options.main.bind.host} on the same port; give --port another port`;
      }
      return `${where} is in use by another program (another sutazai serve?)`;
    case 'EADDRNOTAVAIL':
      return `${address} is not an address of this machine`;
    case 'EACCES':
      return `listening on ${where} is not permitted`;
    default:
      return `listening on ${where} failed: ${err.message}`;
  }
}
