import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { parseCookie } from 'cookie';

export const TOKEN_COOKIE = 'sutazai_token';

export function tokensEqual(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The token a request carries: bearer header, `token` query parameter, or the session cookie. */
export function presentedToken(
  req: IncomingMessage,
  url: URL,
): { token?: string; via?: 'header' | 'query' | 'cookie' } {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return { token: auth.slice(7).trim(), via: 'header' };
  const q = url.searchParams.get('token');
  if (q) return { token: q, via: 'query' };
  const cookie = cookieValue(req.headers.cookie, TOKEN_COOKIE);
  if (cookie) return { token: cookie, via: 'cookie' };
  return {};
}

/**
 * One cookie's value. The `cookie` package never throws on a string: a value that is not valid
 * percent-encoding comes back as it was sent, and other cookies of the site are simply not ours.
 */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (typeof header !== 'string' || header === '') return undefined;
  return parseCookie(header)[name];
}

/**
 * Guards against DNS rebinding and cross-site use: the Host header must be one of the names this
 * server answers to (the loopback names, and the addresses it was bound to, see `planBind`), and an
 * Origin, when sent, must be this server with its scheme.
 */
export class OriginPolicy {
  private readonly hosts: Set<string>;

  constructor(
    names: readonly string[],
    port: number,
    private readonly scheme: 'http' | 'https' = 'http',
  ) {
    this.hosts = new Set(names.map((n) => `${n.toLowerCase()}:${port}`));
  }

  hostAllowed(host: string | undefined): boolean {
    if (typeof host !== 'string') return false;
    const lower = host.toLowerCase();
    const hasPort = !lower.endsWith(']') && lower.includes(':');
    return this.hosts.has(hasPort ? lower : `${lower}:${this.scheme === 'https' ? 443 : 80}`);
  }

  originAllowed(origin: string | undefined): boolean {
    if (origin === undefined) return true;
    try {
      const u = new URL(origin);
      return u.protocol === `${this.scheme}:` && this.hostAllowed(u.host);
    } catch {
      return false;
    }
  }
}
