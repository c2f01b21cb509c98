import type { HttpRoute } from '../server/http-routes';
import { sendJson } from '../server/http-routes';
import type { AgentRegistry } from './agent-registry';

/** `GET /api/v1/agents`: the stack's agent platforms with state, health and UI. */
export function agentsRoutes(registry: AgentRegistry): HttpRoute[] {
  return [{ method: 'GET', path: '/api/v1/agents', handle: async (_req, res) => sendJson(res, 200, await registry.list()) }];
}
