import { z } from 'zod';
import { endpoint } from './endpoint';

export const installedModel = z
  .object({
    name: z.string().describe('The full name, e.g. tinyllama:latest.'),
    sizeBytes: z.number().int().optional().describe('Absent when the server did not say.'),
    family: z.string(),
    parameterSize: z.string(),
    quantization: z.string(),
    modifiedAt: z
      .string()
      .optional()
      .describe('ISO time of its last change; absent when the server gave none or an invalid one.'),
    loaded: z
      .boolean()
      .optional()
      .describe('Whether Ollama holds it in memory now (/api/ps); absent when the server has no /api/ps.'),
    fit: z
      .object({ fits: z.boolean(), note: z.string() })
      .strict()
      .optional()
      .describe('Whether it fits this machine.'),
    missing: z
      .array(z.object({ field: z.enum(['sizeBytes', 'details', 'modifiedAt', 'loaded']), reason: z.string() }).strict())
      .optional()
      .describe('What the server did not say about this model, and why; the rest of the row is what it did say.'),
  })
  .strict();

export const modelsEndpoints = {
  listModels: endpoint({
    method: 'GET',
    path: '/api/v1/models',
    tag: 'models',
    summary: 'The models installed in Ollama',
    reply: {
      kind: 'json',
      schema: z.object({ models: z.array(installedModel) }).strict(),
      description: 'The installed models.',
    },
    errors: ['UNAVAILABLE'],
  }),
};
