import { z } from 'zod';
import { endpoint } from './endpoint';

const isoTime = z.iso.datetime();

export const statusReply = z
  .object({
    app: z.object({ name: z.string(), version: z.string(), mode: z.enum(['desktop', 'browser', 'cli']) }).strict(),
    engine: z
      .object({
        connected: z.boolean(),
        version: z.string().nullable(),
        apiVersion: z.string().nullable(),
        endpoint: z.string().describe('Where the app looks for the engine, e.g. unix:///var/run/docker.sock.'),
        containers: z.object({ running: z.number().int(), total: z.number().int() }).strict().nullable(),
        error: z.string().optional().describe('When not connected: what went wrong.'),
        hint: z.string().optional().describe('When not connected: how to fix it.'),
      })
      .strict(),
    host: z
      .object({
        cpuPercent: z.number(),
        memUsedBytes: z.number(),
        memTotalBytes: z.number(),
        sampledAt: isoTime,
      })
      .strict(),
  })
  .strict();

export const systemEndpoints = {
  health: endpoint({
    method: 'GET',
    path: '/health',
    tag: 'system',
    summary: 'Whether the server answers (no token needed)',
    public: true,
    reply: { kind: 'json', schema: z.object({ status: z.literal('ok') }).strict(), description: 'The server is up.' },
    errors: [],
  }),
  status: endpoint({
    method: 'GET',
    path: '/api/v1/status',
    tag: 'system',
    summary: 'The app, the Docker engine and the host at a glance',
    reply: {
      kind: 'json',
      schema: statusReply,
      description: 'The engine (connected or why not) and the host’s CPU and memory.',
    },
    errors: [],
  }),
  openapi: endpoint({
    method: 'GET',
    path: '/api/v1/openapi.json',
    tag: 'system',
    summary: 'This API as an OpenAPI 3.1 document',
    reply: {
      kind: 'json',
      schema: z.looseObject({ openapi: z.string(), info: z.looseObject({}), paths: z.looseObject({}) }),
      description: 'The document you are reading, generated from the app’s contract.',
    },
    errors: [],
  }),
};
