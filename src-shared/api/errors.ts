/** Error codes that cross every transport. A caller switches on the code, never on the message. */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'UNKNOWN_PROCEDURE',
  'NOT_FOUND',
  'CONFLICT',
  'ENGINE_UNAVAILABLE',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'METHOD_NOT_ALLOWED',
  'TOO_LARGE',
  /** Too many attempts, connections or subscriptions from one client; retry later or free one. */
  'RATE_LIMITED',
  'UNAVAILABLE',
  'CANCELLED',
  'TIMEOUT',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiErrorShape {
  code: ErrorCode;
  message: string;
  /** Optional hint telling the user how to fix the problem. */
  hint?: string;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorShape };

/** An error that carries a code across the wire; thrown by handlers and re-thrown by clients. */
export class ApiError extends Error implements ApiErrorShape {
  readonly code: ErrorCode;
  readonly hint?: string;

  constructor(code: ErrorCode, message: string, hint?: string) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    if (hint !== undefined) this.hint = hint;
  }

  toJSON(): ApiErrorShape {
    return this.hint === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, hint: this.hint };
  }

  static from(shape: ApiErrorShape): ApiError {
    return new ApiError(shape.code, shape.message, shape.hint);
  }
}

export function isApiErrorShape(value: unknown): value is ApiErrorShape {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.message === 'string' && (ERROR_CODES as readonly unknown[]).includes(v.code);
}
