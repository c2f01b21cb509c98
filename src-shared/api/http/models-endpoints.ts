import { z } from 'zod';
import { endpoint } from './endpoint';

export const installedModel = z
  .object({
    name: z.string().describe('The full name, e.g. tinyllama:latest.'),
    sizeBytes: z.number().int(),
    family: z.string(),
    parameterSize: z.string(),
    quantization: z.string(),
    modifiedAt: z.string(),
    loaded: z.boolean().describe('Whether Ollama holds it in memory now (/api/ps).'),
    fit: z.object({ fits: z.boolean(), note: z.string() }).strict().optional().describe('Whether it fits this machine.'),
  })
  .strict();

export const modelsEndpoints = {
  listModels: endpoint({
    method: 'GET',
    path: '/api/v1/models',
    tag: 'models',
    summary: 'The models installed in Ollama',
    reply: { kind: 'json', schema: z.object({ models: z.array(installedModel) }).strict(), description: 'The installed models.' },
    errors: ['UNAVAILABLE'],
  }),
};
