import { createServer } from 'node:net';
import type Docker from 'dockerode';

/** Whether a TCP port can be bound on this host right now. */
export function portFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: host || '0.0.0.0', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** The nearest free port above `port`, avoiding `reserved`. */
export async function suggestFreePort(port: number, host: string, reserved: Set<number>): Promise<number | undefined> {
  for (let p = port + 1; p <= Math.min(65535, port + 200); p++) {
    if (!reserved.has(p) && (await portFree(p, host))) return p;
  }
  return undefined;
}

export interface PortConflict {
  service: string;
  port: number;
  hostIp: string;
  suggestion?: number;
  /** On an engine on another machine: the container there that publishes it. */
  holder?: string;
}

/** Whether the engine runs on this machine: reached through its socket, not over SSH or TCP. */
export function engineOnThisMachine(docker: Docker): boolean {
  return typeof (docker.modem as { socketPath?: unknown }).socketPath === 'string';
}

/**
 * The TCP host ports the engine's running containers publish, by port, with the container's name:
 * on an engine on another machine, what its host is known to hold (ports there cannot be tried from
 * here). Containers in `except` (the project's own) are left out.
 */
export async function enginePublishedPorts(docker: Docker, except: Set<string>): Promise<Map<number, string>> {
  const taken = new Map<number, string>();
  for (const c of await docker.listContainers()) {
    if (except.has(c.Id)) continue;
    for (const p of c.Ports ?? [])
      if (p.PublicPort && p.Type === 'tcp') taken.set(p.PublicPort, (c.Names?.[0] ?? c.Id).replace(/^\//, ''));
  }
  return taken;
}

/** The nearest port above `port` that no container of the engine publishes, avoiding `reserved`. */
export function suggestUnpublishedPort(
  port: number,
  taken: Map<number, string>,
  reserved: Set<number>,
): number | undefined {
  for (let p = port + 1; p <= Math.min(65535, port + 200); p++) if (!reserved.has(p) && !taken.has(p)) return p;
  return undefined;
}

export function describeConflicts(conflicts: PortConflict[]): string {
  return conflicts
    .map(
      (c) =>
        `port ${c.port} on ${c.hostIp || 'all addresses'} (service ${c.service}) is already taken${c.holder ? ` by ${c.holder} on the engine's machine` : ''}${c.suggestion ? `; port ${c.suggestion} is free` : ''}`,
    )
    .join('; ');
}
