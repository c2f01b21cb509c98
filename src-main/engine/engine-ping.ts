import type Docker from 'dockerode';
import http from 'node:http';
import https from 'node:https';

/**
 * `/_ping` on a connection of its own. A kept-alive connection is still served while the engine
 * shuts down, after it has stopped accepting new ones, so the shared client's ping would say yes.
 */
export async function pingOnNewConnection(docker: Docker, timeoutMs: number): Promise<boolean> {
  return (await pingFailure(docker, timeoutMs)) === undefined;
}

/** Why `/_ping` on a new connection failed (`connect ECONNREFUSED …`, a status, a timeout); undefined when it answered. */
export function pingFailure(docker: Docker, timeoutMs: number): Promise<string | undefined> {
  const m = docker.modem as unknown as {
    socketPath?: string;
    host?: string;
    port?: number | string;
    protocol?: string;
    ca?: unknown;
    cert?: unknown;
    key?: unknown;
  };
  if (m.protocol === 'ssh') {
    return Promise.race([
      docker.ping().then(
        () => undefined,
        (err: Error) => err.message,
      ),
      new Promise<string>((r) => setTimeout(() => r(`no answer in ${timeoutMs} ms`), timeoutMs).unref()),
    ]);
  }
  const lib = m.protocol === 'https' ? https : http;
  return new Promise<string | undefined>((resolve) => {
    const req = lib.request(
      {
        ...(m.socketPath ? { socketPath: m.socketPath } : { host: m.host, port: m.port }),
        path: '/_ping',
        method: 'GET',
        agent: false,
        timeout: timeoutMs,
        ...(m.protocol === 'https' ? { ca: m.ca, cert: m.cert, key: m.key } : {}),
      } as http.RequestOptions,
      (res) => {
        res.resume();
        resolve(res.statusCode === 200 ? undefined : `the engine answered ${res.statusCode}`);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', (err) => resolve(err.message));
    req.end();
  });
}

const CONNECTION_CODES = new Set([
  'ENOENT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTCONN',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'ECONNABORTED',
]);

/** Whether an engine call failed for want of a connection (socket gone, refused, cut), not with an answer. */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: unknown; statusCode?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object' || e.statusCode !== undefined) return false;
  return (typeof e.code === 'string' && CONNECTION_CODES.has(e.code)) || /socket hang up/.test(String(e.message ?? ''));
}
