import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { z } from 'zod';
import { ApiError } from '../../../src-shared/api';
import {
  MAX_BODY_BYTES,
  type EndpointDef,
  type EndpointName,
  type HttpContract,
  type JsonReply,
  type NdjsonReply,
  type ProtocolReply,
} from '../../../src-shared/api/http';
import { errorBodyOf, sendError, sendJson, toApiError, type HttpRoute } from './http-route';
import { parseWith, queryObject, readJsonBody } from './request-input';

export interface HttpCallContext {
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  /** This server's own address, e.g. http://127.0.0.1:7820. */
  origin: string;
}

/** A protocol endpoint answers the request itself. */
export interface ProtocolCallContext extends HttpCallContext {
  req: IncomingMessage;
  res: ServerResponse;
}

export interface EndpointInput<D extends EndpointDef> {
  query: D extends { query: infer Q extends z.ZodType } ? z.output<Q> : undefined;
  body: D extends { body: infer B extends z.ZodType } ? z.output<B> : undefined;
}

/** The handler an endpoint's declaration asks for: its parsed input in, its declared answer out. */
export type EndpointHandler<D extends EndpointDef> = D['reply'] extends ProtocolReply
  ? (input: EndpointInput<D>, ctx: ProtocolCallContext) => Promise<void>
  : D['reply'] extends NdjsonReply<infer C, infer F, never>
    ? (input: EndpointInput<D>, emit: (chunk: z.input<C>) => void, ctx: HttpCallContext) => Promise<z.input<F>>
    : D['reply'] extends JsonReply<infer S>
      ? (input: EndpointInput<D>, ctx: HttpCallContext) => Promise<z.input<S>> | z.input<S>
      : (input: EndpointInput<D>, ctx: HttpCallContext) => Promise<string> | string;

/** One handler per endpoint of the contract: a missing one is a compile error. */
export type HttpHandlers = { [K in EndpointName]: EndpointHandler<HttpContract[K]> };

type AnyHandler = (input: EndpointInput<EndpointDef>, a: unknown, b?: unknown) => unknown;

/**
 * Makes a route of a declared endpoint: every input is parsed (query, then body) before the handler
 * runs, and every failure, wherever it happens, answers the one error body with its code's status.
 */
export function bindEndpoint(name: string, def: EndpointDef, handler: AnyHandler): HttpRoute {
  return {
    method: def.method,
    path: def.path,
    ...(def.public ? { public: true } : {}),
    ...(def.stackToken ? { stackToken: true } : {}),
    async handle(req, res, url) {
      const abort = new AbortController();
      res.once('close', () => abort.abort());
      const ctx: HttpCallContext = { signal: abort.signal, origin: requestOrigin(req) };
      try {
        const query = def.query ? parseWith(def.query, queryObject(def.query, url), 'query') : undefined;
        if (!def.query && [...url.searchParams.keys()].some((k) => k !== 'token')) {
          throw new ApiError('INVALID_INPUT', `query: ${def.path} takes no query parameters`);
        }
        const hint = def.example === undefined ? undefined : `For example: ${JSON.stringify(def.example)}`;
        const body = def.body ? parseWith(def.body, await readJsonBody(req, MAX_BODY_BYTES, hint), 'body') : undefined;
        const input = { query, body } as EndpointInput<EndpointDef>;
        const reply = def.reply;
        if (reply.kind === 'ndjson')
          await answerNdjson(res, reply.streams(body as never), (emit) => handler(input, emit, ctx));
        else if (reply.kind === 'protocol') await handler(input, { ...ctx, req, res });
        else if (reply.kind === 'json') sendJson(res, 200, await handler(input, ctx));
        else sendText(res, reply.contentType, (await handler(input, ctx)) as string);
      } catch (err) {
        const error = toApiError(err, name);
        if (!res.headersSent) sendError(res, error, error.code === 'TOO_LARGE' ? { Connection: 'close' } : {});
        else if (!res.writableEnded) res.end(JSON.stringify(errorBodyOf(error)) + '\n');
      }
    },
  };
}

function sendText(res: ServerResponse, contentType: string, text: string): void {
  res.writeHead(200, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

/** Streams each emitted chunk as a JSON line, the handler's result as the last; or only the result, as JSON. */
async function answerNdjson(
  res: ServerResponse,
  streams: boolean,
  run: (emit: (chunk: unknown) => void) => unknown,
): Promise<void> {
  const emit = (chunk: unknown): void => {
    if (!streams || res.writableEnded) return;
    if (!res.headersSent)
      res.writeHead(200, { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store' });
    res.write(JSON.stringify(chunk) + '\n');
  };
  const final = await run(emit);
  if (res.writableEnded || res.destroyed) return;
  if (!streams) return sendJson(res, 200, final);
  emit(final);
  res.end();
}

/** The origin the client addressed: the Host header (already checked to name this server) and the socket's scheme. */
function requestOrigin(req: IncomingMessage): string {
  const scheme = (req.socket as Partial<TLSSocket>).encrypted ? 'https' : 'http';
  return `${scheme}://${req.headers.host ?? 'localhost'}`;
}
