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
export type AuthCheck = { ok: true; via: 'header' | 'query' | 'cookie'; credential: Credential } | Refusal;

/** The browser token, or the stack's API token (what Prometheus and Alertmanager send). */
export type Credential = 'browser' | 'stack';

/** Each read on every check, so a token regenerated while running is in force at once. */
export interface Credentials {
  /** Accepted as a bearer header, as `?token=` and as the session cookie. */
  browser?: () => string;
  /** Accepted as a bearer header only; unset (or shorter than 16 characters) until the stack has one. */
  stack?: () => string | undefined;
}

/** The shortest stack token accepted: a shorter one set by hand is not a secret worth the name. */
export const MIN_STACK_TOKEN_LENGTH = 16;

const HINTS: Record<Credential, string> = {
  browser: 'the token `sutazai serve` printed',
  stack: 'the stack’s API token (SUTAZAI_API_TOKEN in SUTAZAI_HOME/stack.env)',
};

/**
 * The checks every request and upgrade passes before anything else runs: a readable target, one
 * Host header naming this server, no foreign Origin; then a token the endpoint accepts, with failed
 * attempts limited per client address. Nothing here throws, whatever the request holds.
 */
export class RequestGate {
  private policy: OriginPolicy;
  private readonly failures: AuthFailures;

  constructor(
    private readonly credentials: Credentials,
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

  /** A token of one of the `accepted` kinds (those this gate holds); any other token is a failure. */
  authenticate(req: IncomingMessage, url: URL, accepted: readonly Credential[] = ['browser']): AuthCheck {
    const client = clientAddress(req);
    const wait = this.failures.retryAfterSeconds(client);
    if (wait > 0) {
      return {
        ...refuse(429, 'RATE_LIMITED', `Too many wrong tokens from ${client}; try again in ${wait} s`),
        headers: { 'Retry-After': String(wait) },
      };
    }
    const kinds = accepted.filter((k) => this.credentials[k]);
    const { token, via } = presentedToken(req, url);
    if (via) {
      for (const credential of kinds) {
        if (credential === 'stack' && via !== 'header') continue;
        const expected = this.expected(credential);
        if (
          expected !== undefined &&
          expected.length >= (credential === 'stack' ? MIN_STACK_TOKEN_LENGTH : 1) &&
          tokensEqual(token, expected)
        ) {
          return { ok: true, via, credential };
        }
      }
    }
    if (token) this.failures.record(client);
    const hint =
      kinds.length > 0
        ? `Send Authorization: Bearer <token>, with ${kinds.map((k) => HINTS[k]).join(' or ')}.`
        : undefined;
    return {
      ...refuse(401, 'UNAUTHORIZED', 'A valid token is required', hint),
      headers: { 'WWW-Authenticate': 'Bearer realm="sutazai"' },
    };
  }

  /** The token of a kind; one that cannot be read now (its file unreadable, say) accepts nothing. */
  private expected(credential: Credential): string | undefined {
    try {
      return this.credentials[credential]?.();
    } catch {
      return undefined;
    }
  }
}

function refuse(status: number, code: ApiErrorShape['code'], message: string, hint?: string): Refusal {
  return { ok: false, status, error: hint === undefined ? { code, message } : { code, message, hint } };
}
