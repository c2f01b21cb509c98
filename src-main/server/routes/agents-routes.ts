import { ApiError } from '../../../src-shared/api';
import type { AgentRegistry } from '../../agents';
import type { HttpHandlers } from './bind-endpoint';

/** `GET /api/v1/agents`: the stack's agent platforms with state, health and UI. */
export function agentsRoutes(registry: AgentRegistry): Pick<HttpHandlers, 'listAgents'> {
  return {
    listAgents: async () => {
      try {
        return await registry.list();
      } catch (err) {
        if (err instanceof ApiError) throw err;
        throw new ApiError(
          'ENGINE_UNAVAILABLE',
          `The Docker engine did not answer: ${(err as Error).message}`,
          'Start the Docker engine, then try again.',
        );
      }
    },
  };
}
