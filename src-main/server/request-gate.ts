import type { IncomingMessage } from 'node:http';
import type { ApiErrorShape } from '../../src-shared/api';
import { AuthFailures } from './auth-failures';
import { OriginPolicy, presentedToken, tokensEqual } from './auth';
import { clientAddress, hostHeader, requestUrl } from './request-head';
import type { ServerLimits } from './server-limits';

export interface Refusal {
  ok: false;
  status: number;
  error: ApiErrorShape;
  headers?: Record<string, string>;
}

export type HeadCheck = { ok: true; url: URL } | Refusal;
export type AuthCheck = { ok: true; via: 'header' | 'query' | 'cookie' } | Refusal;

/**
 * The checks every request and upgrade passes before anything else runs: a readable target, one
 * Host header naming this server, no foreign Origin; then the token, with failed attempts limited
 * per client address. Nothing here throws, whatever the request holds.
 */
export class RequestGate {
  private policy: OriginPolicy;
  private readonly failures: AuthFailures;

  constructor(
    /** Read on every check, so a token regenerated while running is in force at once. */
    private readonly token: () => string,
    limits: Pick<ServerLimits, 'authFailures' | 'authWindowMs'>,
    policy: OriginPolicy,
    now: () => number = Date.now,
  ) {
    this.policy = policy;
    this.failures = new AuthFailures(limits.authFailures, limits.authWindowMs, now);
  }

  /** The policy changes once the port is known (a bind to port 0). */
  setPolicy(policy: OriginPolicy): void {
    this.policy = policy;
  }

  head(req: IncomingMessage): HeadCheck {
    const url = requestUrl(req);
    if (!url) return refuse(400, 'INVALID_INPUT', 'The request target must be a path such as /api/v1/status');
    const host = hostHeader(req);
    if (!host.ok) return refuse(400, 'INVALID_INPUT', host.reason);
    if (host.host === undefined) return refuse(400, 'INVALID_INPUT', 'The request has no Host header');
    if (!this.policy.hostAllowed(host.host)) {
      return refuse(421, 'FORBIDDEN', `Host '${(host.host ?? '').slice(0, 100)}' is not this server`);
    }
    if (!this.policy.originAllowed(req.headers.origin))
      return refuse(403, 'FORBIDDEN', 'Cross-origin requests are not allowed');
    return { ok: true, url };
  }

  authenticate(req: IncomingMessage, url: URL): AuthCheck {
    const client = clientAddress(req);
    const wait = this.failures.retryAfterSeconds(client);
    if (wait > 0) {
      return {
        ...refuse(429, 'RATE_LIMITED', `Too many wrong tokens from ${client}; try again in ${wait} s`),
        headers: { 'Retry-After': String(wait) },
      };
    }
    const { token, via } = presentedToken(req, url);
    if (via && tokensEqual(token, this.token())) return { ok: true, via };
    if (token) this.failures.record(client);
    return {
      ...refuse(
        401,
        'UNAUTHORIZED',
        'A valid token is required',
        'Send Authorization: Bearer <token>, with the token `sutazai serve` printed.',
      ),
      headers: { 'WWW-Authenticate': 'Bearer realm="sutazai"' },
    };
  }
}

function refuse(status: number, code: ApiErrorShape['code'], message: string, hint?: string): Refusal {
  return { ok: false, status, error: hint === undefined ? { code, message } : { code, message, hint } };
}
