import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { ApiError } from '../../../src-shared/api';

/** "where: what" for each of the first issues, e.g. `body.messages.0.content: Too big: ...`. */
export function describeIssues(where: string, issues: readonly z.core.$ZodIssue[]): string {
  const at = (path: readonly PropertyKey[]): string => [where, ...path.map(String)].join('.');
  return issues
    .flatMap((i) =>
      i.code === 'unrecognized_keys'
        ? i.keys.map(
            (k) => `${at([...i.path, k])}: ${where === 'query' ? 'not a parameter' : 'not a field'} of this endpoint`,
          )
        : [`${at(i.path)}: ${i.message}`],
    )
    .slice(0, 5)
    .join('; ');
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ApiError('INVALID_INPUT', describeIssues(where, parsed.error.issues));
  return parsed.data;
}

/**
 * The query parameters as the schema's object: a parameter whose schema is an array takes every
 * value given, the others their one value; `token` (the credential) is not a parameter.
 */
export function queryObject(schema: z.ZodObject, url: URL): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(url.searchParams.keys())) {
    if (key === 'token') continue;
    const field = schema.shape[key] as z.ZodType | undefined;
    const values = url.searchParams.getAll(key);
    if (field && isArraySchema(field)) out[key] = values;
    else if (values.length > 1)
      throw new ApiError('INVALID_INPUT', `query.${key}: given ${values.length} times; it takes one value`);
    else out[key] = values[0];
  }
  return out;
}

function isArraySchema(schema: z.ZodType): boolean {
  let s: z.ZodType = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault)
    s = s.unwrap() as z.ZodType;
  return s instanceof z.ZodArray;
}

/**
 * Reads a JSON body of at most `limit` bytes. A larger one is refused as soon as its length is known
 * (TOO_LARGE), and the rest of it is read and dropped so the client still gets the answer.
 */
export function readJsonBody(req: IncomingMessage, limit: number, hint?: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const tooLarge = (size: string): ApiError =>
      new ApiError('TOO_LARGE', `The body is ${size}; at most ${limit} bytes are accepted`, 'Send a smaller request.');
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(tooLarge(`${declared} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.off('end', onEnd);
      req.resume();
      reject(tooLarge(`over ${limit} bytes`));
    };
    const onEnd = (): void => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') {
        reject(new ApiError('INVALID_INPUT', 'body: empty; send a JSON object', hint));
        return;
      }
      try {
        resolve(JSON.parse(text));
      } catch (err) {
        reject(new ApiError('INVALID_INPUT', `body: not JSON (${(err as Error).message})`, hint));
      }
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', (err) => reject(new ApiError('CANCELLED', `The request broke off: ${err.message}`)));
    req.on('close', () => {
      if (!req.complete) reject(new ApiError('CANCELLED', 'The request broke off before its body ended'));
    });
  });
}
