import type { IncomingMessage } from 'node:http';

/**
 * Reads what the server needs from a request's head without ever throwing, whatever the client
 * sent: the path and query of the request target, and its one Host header.
 */

/**
 * The request target's path and query as a URL on a fixed origin (the Host header plays no part),
 * or undefined when the target is not origin-form (`/path?query`).
 */
export function requestUrl(req: IncomingMessage): URL | undefined {
  const target = req.url;
  if (typeof target !== 'string' || !target.startsWith('/')) return undefined;
  try {
    return new URL(`http://request.invalid${target}`);
  } catch {
    return undefined;
  }
}

export type HostHeader = { ok: true; host: string | undefined } | { ok: false; reason: string };

/**
 * The request's Host header. Node keeps only the first of repeated Host headers in `req.headers`,
 * so a request that carries two is refused here from `rawHeaders` (one could name this server and
 * the other a site an attacker controls).
 */
export function hostHeader(req: IncomingMessage): HostHeader {
  const values: string[] = [];
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() === 'host') values.push(raw[i + 1]!);
  }
  if (values.length > 1)
    return { ok: false, reason: `The request has ${values.length} Host headers; send exactly one` };
  return { ok: true, host: values[0] };
}

/** The client's address for per-client limits, with IPv4-mapped IPv6 addresses written as IPv4. */
export function clientAddress(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? 'unknown';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
