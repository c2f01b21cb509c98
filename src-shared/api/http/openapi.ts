import { z } from 'zod';
import type { ErrorCode } from '../errors';
import type { EndpointDef } from './endpoint';
import { errorBody, HTTP_STATUS } from './http-errors';

type JsonSchema = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: string;
  info: Record<string, unknown>;
  paths: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

export interface OpenApiOptions {
  title: string;
  version: string;
  /** The server's own address, e.g. http://127.0.0.1:7820. */
  serverUrl?: string;
}

const ERROR_REF = { $ref: '#/components/schemas/Error' };
const TOKEN_SCHEMES = ['bearer', 'cookie', 'query'] as const;
const STACK_TOKEN_SCHEME = 'stackToken';

/** JSON Schema 2020-12 (OpenAPI 3.1's dialect) of a zod schema, inlined so it can sit anywhere in the document. */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const out = z.toJSONSchema(schema, { io, reused: 'inline', cycles: 'throw', unrepresentable: 'throw' }) as JsonSchema;
  delete out.$schema;
  return out;
}

/** The OpenAPI 3.1 document of the given endpoints. */
export function openApiDocument(endpoints: Record<string, EndpointDef>, options: OpenApiOptions): OpenApiDocument {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [name, def] of Object.entries(endpoints)) {
    paths[def.path] ??= {};
    paths[def.path]![def.method.toLowerCase()] = operation(name, def);
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: options.title,
      version: options.version,
      description:
        'The local API of the browser mode (`sutazai serve`). Every request but /health needs the token the server ' +
        'printed: `Authorization: Bearer <token>`, or `?token=` once (it sets an HttpOnly cookie). Every failure ' +
        'answers one body, {"error": {"code", "message", "hint"}}, with the HTTP status of its code. The endpoints ' +
        'the stack’s own services call (GET /metrics, POST /api/v1/alerts/alertmanager) also take the stack’s API ' +
        'token, and only they are served on the stack endpoint (the engine’s bridge address, `--stack-port`).',
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    security: TOKEN_SCHEMES.map((s) => ({ [s]: [] })),
    paths,
    components: {
      schemas: { Error: jsonSchemaOf(errorBody, 'output') },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'The token `sutazai serve` printed.' },
        cookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'sutazai_token',
          description: 'Set by the first request with ?token=.',
        },
        query: { type: 'apiKey', in: 'query', name: 'token', description: 'The token in the address.' },
        [STACK_TOKEN_SCHEME]: {
          type: 'http',
          scheme: 'bearer',
          description:
            'The stack’s API token (SUTAZAI_API_TOKEN in SUTAZAI_HOME/stack.env), which Prometheus and Alertmanager ' +
            'send. Only the endpoints that list it take it, and only as this header.',
        },
      },
    },
  };
}

function operation(name: string, def: EndpointDef): Record<string, unknown> {
  // Every endpoint refuses parameters it does not take, and may fail unexpectedly.
  const codes = new Set<ErrorCode>(['INVALID_INPUT', ...def.errors, 'INTERNAL']);
  if (!def.public) codes.add('UNAUTHORIZED');
  if (def.body) codes.add('TOO_LARGE');
  const errors: Record<string, unknown> = {};
  for (const code of [...codes].sort((a, b) => HTTP_STATUS[a] - HTTP_STATUS[b])) {
    const status = String(HTTP_STATUS[code]);
    const described = errors[status] as { description: string } | undefined;
    errors[status] = {
      description: described ? `${described.description}, ${code}` : code,
      content: { 'application/json': { schema: ERROR_REF } },
    };
  }
  return {
    operationId: name,
    summary: def.summary,
    ...(def.description ? { description: def.description } : {}),
    tags: [def.tag],
    ...(def.public ? { security: [] } : {}),
    ...(def.stackToken ? { security: [...TOKEN_SCHEMES, STACK_TOKEN_SCHEME].map((s) => ({ [s]: [] })) } : {}),
    ...(def.query ? { parameters: queryParameters(def.query) } : {}),
    ...(def.body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: jsonSchemaOf(def.body, 'input'),
                ...(def.example ? { example: def.example } : {}),
              },
            },
          },
        }
      : {}),
    responses: { '200': success(def), ...errors },
  };
}

function queryParameters(query: z.ZodObject): unknown[] {
  const schema = jsonSchemaOf(query, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: 'query',
      required: schema.required?.includes(name) ?? false,
      ...(description ? { description } : {}),
      ...(rest.type === 'array' ? { style: 'form', explode: true } : {}),
      schema: rest,
    };
  });
}

function success(def: EndpointDef): Record<string, unknown> {
  const reply = def.reply;
  switch (reply.kind) {
    case 'json':
      return {
        description: reply.description,
        content: { 'application/json': { schema: jsonSchemaOf(reply.schema, 'output') } },
      };
    case 'text':
      return { description: reply.description, content: { [reply.contentType]: { schema: { type: 'string' } } } };
    case 'protocol':
      return {
        description: `${reply.description} (${reply.protocol})`,
        content: Object.fromEntries(reply.contentTypes.map((t) => [t, { schema: {} }])),
      };
    case 'ndjson':
      return {
        description: `${reply.description} application/x-ndjson: one such value per line; application/json: the final one alone (with "stream": false).`,
        content: {
          'application/x-ndjson': { schema: jsonSchemaOf(reply.chunk, 'output') },
          'application/json': { schema: jsonSchemaOf(reply.final, 'output') },
        },
      };
  }
}
