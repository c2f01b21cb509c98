import type { SwarmService } from '../../swarm';
import type { HttpHandlers } from './bind-endpoint';

type SwarmHandlers = Pick<
  HttpHandlers,
  | 'deploySwarmStack'
  | 'swarmStackStatus'
  | 'removeSwarmStack'
  | 'swarmServiceLogs'
  | 'swarmNodes'
  | 'updateSwarmNode'
  | 'startSwarmServiceAgain'
>;

/** /api/v1/swarm: a managed project deployed to a Docker Swarm as a stack. */
export function swarmRoutes(swarmOf: (project?: string) => SwarmService): SwarmHandlers {
  return {
    deploySwarmStack: ({ body }) => swarmOf(body.project).deploy(body.profile, body.timeoutMs),
    swarmStackStatus: ({ query }) => swarmOf(query.project).ps(),
    removeSwarmStack: ({ body }) =>
      swarmOf(body.project).rm(body.profile, { secrets: body.secrets ?? false, volumes: body.volumes ?? false }),
    swarmServiceLogs: ({ query }) => swarmOf(query.project).logs(query.service, query.tail),
    swarmNodes: ({ query }) => swarmOf(query.project).nodes(),
    updateSwarmNode: ({ body }) =>
      swarmOf(body.project).node(body.node, {
        ...(body.availability ? { availability: body.availability } : {}),
        ...(body.memoryBudget !== undefined ? { memoryBudget: body.memoryBudget } : {}),
      }),
    startSwarmServiceAgain: ({ body }) => swarmOf(body.project).startAgain(body.service),
  };
}
