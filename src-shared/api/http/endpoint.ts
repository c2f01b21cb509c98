import type { z } from 'zod';
import type { ErrorCode } from '../errors';

export type HttpMethod = 'GET' | 'POST';

/** A JSON answer (status 200) described by its schema. */
export interface JsonReply<S extends z.ZodType = z.ZodType> {
  kind: 'json';
  schema: S;
  description: string;
}

/** A plain-text answer in a format of its own (the Prometheus text format). */
export interface TextReply {
  kind: 'text';
  contentType: string;
  description: string;
}

/**
 * A stream of JSON lines (`application/x-ndjson`): `chunk` per line, the last one `final`; an
 * error after the first line ends the stream with one error body line. When `streams(body)` is
 * false the answer is `final` alone as JSON.
 */
export interface NdjsonReply<C extends z.ZodType = z.ZodType, F extends z.ZodType = z.ZodType, B = never> {
  kind: 'ndjson';
  chunk: C;
  final: F;
  streams: (body: B) => boolean;
  description: string;
}

/**
 * A protocol of its own spoken over the request (MCP's streamable HTTP): the handler answers the
 * request itself, with one of `contentTypes`, after the body was checked against the endpoint's schema.
 */
export interface ProtocolReply {
  kind: 'protocol';
  protocol: string;
  contentTypes: readonly string[];
  description: string;
}

export type EndpointReply = JsonReply | TextReply | NdjsonReply<z.ZodType, z.ZodType, never> | ProtocolReply;

/**
 * One HTTP endpoint, declared once: the server binds a handler typed by it, the OpenAPI document
 * is generated from it. `query` is an object of the query parameters (arrays repeat the name);
 * `body` is the JSON body. `errors` lists the codes it may answer besides UNAUTHORIZED.
 */
export interface EndpointDef {
  method: HttpMethod;
  path: `/${string}`;
  summary: string;
  description?: string;
  tag: string;
  /** Answers without the token (only /health). */
  public?: boolean;
  /**
   * Called by the stack's own services (Prometheus, Alertmanager): answers the stack's API token
   * (SUTAZAI_API_TOKEN, as a bearer header) as well as the browser token, and is served on the
   * stack endpoint. Every other endpoint answers the browser token only.
   */
  stackToken?: boolean;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** A body that works, shown in the document and in the hint of a refused body. */
  example?: unknown;
  reply: EndpointReply;
  errors: readonly ErrorCode[];
}

/** Declares an endpoint, keeping the exact schema types for the handler's signature. */
export function endpoint<const D extends EndpointDef>(def: D): D {
  return def;
}

/** An NDJSON reply whose `streams` sees the endpoint's parsed body. */
export function ndjson<C extends z.ZodType, F extends z.ZodType, B>(
  reply: Omit<NdjsonReply<C, F, B>, 'kind'>,
): NdjsonReply<C, F, B> {
  return { kind: 'ndjson', ...reply };
}
