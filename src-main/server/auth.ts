import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'sutazai_token';

/** A random token for one start, unless the user set SUTAZAI_TOKEN. */
export function resolveToken(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.SUTAZAI_TOKEN?.trim();
  if (fromEnv) {
    if (fromEnv.length < 16) throw new Error('SUTAZAI_TOKEN must be at least 16 characters long');
    return fromEnv;
  }
  return randomBytes(24).toString('base64url');
}

export function tokensEqual(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The token a request carries: bearer header, `token` query parameter, or the session cookie. */
export function presentedToken(req: IncomingMessage, url: URL): { token?: string; via?: 'header' | 'query' | 'cookie' } {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return { token: auth.slice(7).trim(), via: 'header' };
  const q = url.searchParams.get('token');
  if (q) return { token: q, via: 'query' };
  const cookie = parseCookies(req.headers.cookie)[TOKEN_COOKIE];
  if (cookie) return { token: cookie, via: 'cookie' };
  return {};
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

/**
 * Guards against DNS rebinding and cross-site use: the Host header must name this server by a
 * loopback name (or the address it was bound to), and an Origin, when sent, must be this server.
 */
export class OriginPolicy {
  private readonly hosts: Set<string>;

  constructor(bindHost: string, port: number) {
    const names = new Set(['127.0.0.1', 'localhost', '[::1]']);
    if (bindHost !== '0.0.0.0' && bindHost !== '::') names.add(bindHost.includes(':') ? `[${bindHost}]` : bindHost);
    this.hosts = new Set([...names].map((n) => `${n}:${port}`));
  }

  hostAllowed(host: string | undefined): boolean {
    return host !== undefined && this.hosts.has(host.toLowerCase());
  }

  originAllowed(origin: string | undefined): boolean {
    if (origin === undefined) return true;
    try {
      const u = new URL(origin);
      return u.protocol === 'http:' && this.hosts.has(u.host.toLowerCase());
    } catch {
      return false;
    }
  }
}
