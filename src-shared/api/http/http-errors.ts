import { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from '../errors';

/** The status every HTTP answer with an error code carries; a new code must say its status here. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  INVALID_INPUT: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  UNKNOWN_PROCEDURE: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  TOO_LARGE: 413,
  RATE_LIMITED: 429,
  // The client went away (nginx logs such a request as 499); nobody is left to read it.
  CANCELLED: 499,
  INTERNAL: 500,
  ENGINE_UNAVAILABLE: 503,
  UNAVAILABLE: 503,
  TIMEOUT: 504,
};

/** The one body of every failed HTTP request, and of an error line that ends an NDJSON stream. */
export const errorBody = z
  .object({
    error: z
      .object({
        code: z.enum(ERROR_CODES).describe('What went wrong, for a program to switch on.'),
        message: z.string().describe('What went wrong, naming the field or the service.'),
        hint: z.string().optional().describe('How to fix it, when there is something to do.'),
      })
      .strict(),
  })
  .strict();

export type ErrorBody = z.infer<typeof errorBody>;

/** The largest request body the API reads, the same as the largest message the WebSocket takes. */
export const MAX_BODY_BYTES = 1024 * 1024;
