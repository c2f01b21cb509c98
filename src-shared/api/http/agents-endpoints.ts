import { z } from 'zod';
import { endpoint } from './endpoint';

export const agentInfo = z
  .object({
    service: z.string(),
    platform: z.enum(['flowise', 'langflow', 'letta', 'dify', 'n8n', 'other']),
    description: z.string().optional(),
    state: z.string(),
    health: z.enum(['healthy', 'unhealthy', 'starting', 'none']),
    ui: z.string().optional().describe('The UI to open (loopback only).'),
    prompt: z
      .object({
        target: z.string(),
        targetExample: z.string(),
        needsKey: z.boolean(),
        configured: z.object({ target: z.string().optional(), hasKey: z.boolean() }).strict(),
      })
      .strict()
      .optional()
      .describe('Present when the app can send the platform a prompt.'),
  })
  .strict();

export const agentsEndpoints = {
  listAgents: endpoint({
    method: 'GET',
    path: '/api/v1/agents',
    tag: 'agents',
    summary: 'The agent platforms of the running stack',
    reply: { kind: 'json', schema: z.array(agentInfo), description: 'Each platform with its state, health and UI.' },
    errors: ['ENGINE_UNAVAILABLE', 'UNAVAILABLE'],
  }),
};
