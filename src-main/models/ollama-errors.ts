import { ApiError } from '../../src-shared/api';

/** Turns what the ollama client throws into an error the user can act on. */
export function ollamaError(err: unknown, url: string): ApiError {
  if (err instanceof ApiError) return err;
  const e = err as { name?: string; message?: string; status_code?: number; error?: string };
  if (e?.name === 'AbortError') return new ApiError('CANCELLED', 'Cancelled');
  if (typeof e?.status_code === 'number') {
    const message = e.error ?? e.message ?? 'Ollama refused the request';
    if (e.status_code === 404)
      return new ApiError('NOT_FOUND', `Ollama at ${url}: ${message}`, 'Pull the model on the Models page first.');
    if (e.status_code === 400) return new ApiError('INVALID_INPUT', `Ollama at ${url}: ${message}`);
    return new ApiError('UNAVAILABLE', `Ollama at ${url} answered ${e.status_code}: ${message}`);
  }
  const message = e?.message ?? String(err);
  if (
    /fetch failed|ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|socket|network/i.test(
      message + String((err as { cause?: unknown })?.cause ?? ''),
    )
  ) {
    return new ApiError(
      'UNAVAILABLE',
      `Ollama is not running at ${url}`,
      'Start the minimal profile (it runs Ollama), or set the Ollama URL.',
    );
  }
  return new ApiError('UNAVAILABLE', `Ollama at ${url}: ${message}`);
}
