import { z } from 'zod';
import { engineAddInput, engineName } from '../features/engines';
import { endpoint } from './endpoint';

export const engineSummary = z
  .object({
    name: z.string(),
    url: z.string().describe('unix:///path, ssh://user@host[:port] or tcp://host:port.'),
    kind: z.enum(['socket', 'ssh', 'tcp']),
    origin: z.enum(['discovered', 'added', 'context']),
    current: z.boolean().describe('The engine the stack, supervision and the guard use now.'),
    connected: z.boolean(),
    version: z.string().optional(),
    os: z.string().optional(),
    cpus: z.number().int().optional(),
    memoryBytes: z.number().optional(),
    swarm: z.enum(['manager', 'worker', 'none', 'unknown']),
    error: z.string().optional().describe('When not connected: what went wrong.'),
    hint: z.string().optional().describe('When not connected: how to fix it.'),
  })
  .strict();

const byName = z.object({ name: engineName }).strict();

export const enginesEndpoints = {
  listEngines: endpoint({
    method: 'GET',
    path: '/api/v1/engines',
    tag: 'engines',
    summary: 'The engines the stack can run on, each with its status, version, OS, CPUs, memory and swarm role',
    reply: { kind: 'json', schema: z.array(engineSummary), description: 'The local engine first, then those added.' },
    errors: [],
  }),
  addEngine: endpoint({
    method: 'POST',
    path: '/api/v1/engines/add',
    tag: 'engines',
    summary: 'Add an engine: ssh:// (host key checked against known_hosts) or tcp:// with TLS client certificates',
    body: engineAddInput,
    example: { name: 'gpu-box', url: 'ssh://me@gpu-box.lan' },
    reply: { kind: 'json', schema: engineSummary, description: 'The engine added, with what it answered.' },
    errors: ['INVALID_INPUT', 'CONFLICT'],
  }),
  removeEngine: endpoint({
    method: 'POST',
    path: '/api/v1/engines/remove',
    tag: 'engines',
    summary: 'Forget an engine (nothing on it is touched); the local engine becomes current if it was',
    body: byName,
    example: { name: 'gpu-box' },
    reply: { kind: 'json', schema: z.object({ removed: z.string() }).strict(), description: 'The engine forgotten.' },
    errors: ['INVALID_INPUT', 'NOT_FOUND'],
  }),
  useEngine: endpoint({
    method: 'POST',
    path: '/api/v1/engines/use',
    tag: 'engines',
    summary: 'Run the stack on this engine from now on (nothing running elsewhere is stopped)',
    body: byName,
    example: { name: 'gpu-box' },
    reply: { kind: 'json', schema: engineSummary, description: 'The engine now current.' },
    errors: ['INVALID_INPUT', 'NOT_FOUND'],
  }),
  importEngineContexts: endpoint({
    method: 'POST',
    path: '/api/v1/engines/import-contexts',
    tag: 'engines',
    summary: "Add the user's docker contexts not added yet",
    body: z.object({}).strict(),
    example: {},
    reply: {
      kind: 'json',
      schema: z.object({ imported: z.array(z.string()) }).strict(),
      description: 'The names of the engines added.',
    },
    errors: [],
  }),
};
