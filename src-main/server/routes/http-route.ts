import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, type ApiErrorShape } from '../../../src-shared/api';
import { sendRefusal } from '../error-answers';
import { HTTP_STATUS, type ErrorBody, type HttpMethod } from '../../../src-shared/api/http';

/** One HTTP endpoint of the browser-mode server beside the renderer and the WebSocket. */
export interface HttpRoute {
  method: HttpMethod;
  path: string;
  /** Public routes answer without the token (only /health is). */
  public?: boolean;
  /** Also answers the stack's API token, and is served on the stack endpoint. */
  stackToken?: boolean;
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> | void;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export function errorBodyOf(error: ApiErrorShape): ErrorBody {
  return {
    error:
      error.hint === undefined
        ? { code: error.code, message: error.message }
        : { code: error.code, message: error.message, hint: error.hint },
  };
}

/** Answers the one error body with the status of its code. */
export function sendError(res: ServerResponse, error: ApiErrorShape, headers: Record<string, string> = {}): void {
  sendRefusal(res, HTTP_STATUS[error.code], errorBodyOf(error).error, headers);
}

/** Any thrown value as a typed error: an ApiError as it is, anything else as INTERNAL (and logged with its stack). */
export function toApiError(err: unknown, what: string, log: (message: string) => void = console.error): ApiError {
  if (err instanceof ApiError) return err;
  const message = err instanceof Error ? err.message : String(err);
  log(`${what} failed: ${err instanceof Error && err.stack ? err.stack : message}`);
  return new ApiError('INTERNAL', `${what} failed: ${message}`);
}
