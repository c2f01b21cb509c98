import { z } from 'zod';
import { procedure } from '../define';

export type AgentPlatform = 'flowise' | 'langflow' | 'letta' | 'dify' | 'n8n' | 'other';

export interface AgentInfo {
  service: string;
  platform: AgentPlatform;
  description?: string;
  state: string;
  health: 'healthy' | 'unhealthy' | 'starting' | 'none';
  /** The UI to open (loopback only). */
  ui?: string;
  /** Whether the app can send a prompt to it, and what it needs to do so. */
  prompt?: {
    target: string;
    targetExample: string;
    needsKey: boolean;
    configured: { target?: string; hasKey: boolean };
  };
}

export interface AgentReply {
  service: string;
  text: string;
  status: number;
  durationMs: number;
}

const serviceName = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$/, 'a service name');
/** Chatflow, flow and agent ids, and webhook paths: no scheme, host or dots, so no other URL can be formed. */
export const agentTarget = z
  .string()
  .regex(/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/, 'an id or webhook path (letters, digits, - _ and /)')
  .max(200);

export const agentsContract = {
  'agents:list': procedure(z.object({}).strict()).returns<AgentInfo[]>(),
  'agents:send': procedure(
    z.object({ service: serviceName, prompt: z.string().min(1).max(20_000), target: agentTarget.optional() }).strict(),
  ).returns<AgentReply>(),
  'agents:configure': procedure(
    z
      .object({
        service: serviceName,
        target: agentTarget.nullable().optional(),
        apiKey: z.string().max(500).nullable().optional(),
      })
      .strict(),
  ).returns<AgentInfo | null>(),
};
