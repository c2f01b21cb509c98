import type { ApiResult } from '../../../src-shared/api/errors';
import { ClientError } from './client';

/**
 * Turns what a transport delivered for one call into its value, or throws a ClientError with the
 * core's code, message and hint. Both clients use it: the preload hands over the result as a
 * value (Electron's contextBridge keeps only the message of a thrown Error), the WebSocket as
 * parsed JSON. Anything that is not a result is reported as such, never passed on as a value.
 */
export function unwrapResult<T>(result: unknown, name: string): T {
  if (typeof result === 'object' && result !== null && 'ok' in result) {
    const r = result as ApiResult<T>;
    if (r.ok === true) return r.value;
    if (r.ok === false && typeof r.error === 'object' && r.error !== null) throw toClientError(r.error, name);
  }
  throw new ClientError('INTERNAL', `${name}: the app answered with something that is not a result`);
}

/** A stream's end error or a result's error, as the page sees it. */
export function toClientError(error: unknown, name: string): ClientError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    message?: unknown;
    hint?: unknown;
  };
  const code = typeof e.code === 'string' && e.code ? e.code : 'INTERNAL';
  const message = typeof e.message === 'string' && e.message ? e.message : `${name} failed`;
  return new ClientError(code, message, typeof e.hint === 'string' && e.hint ? e.hint : undefined);
}
