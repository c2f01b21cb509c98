import { createServer } from 'node:net';

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
}

export function describeConflicts(conflicts: PortConflict[]): string {
  return conflicts
    .map(
      (c) =>
        `port ${c.port} on ${c.hostIp || 'all addresses'} (service ${c.service}) is already taken${c.suggestion ? `; port ${c.suggestion} is free` : ''}`,
    )
    .join('; ');
}
