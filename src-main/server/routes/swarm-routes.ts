import type { SwarmService } from '../../swarm';
import type { HttpHandlers } from './bind-endpoint';

type SwarmHandlers = Pick<
  HttpHandlers,
  'deploySwarmStack' | 'swarmStackStatus' | 'removeSwarmStack' | 'swarmServiceLogs'
>;

/** /api/v1/swarm: a managed project deployed to a Docker Swarm as a stack. */
export function swarmRoutes(swarmOf: (project?: string) => SwarmService): SwarmHandlers {
  return {
    deploySwarmStack: ({ body }) => swarmOf(body.project).deploy(body.profile, body.timeoutMs),
    swarmStackStatus: ({ query }) => swarmOf(query.project).ps(),
    removeSwarmStack: ({ body }) =>
      swarmOf(body.project).rm(body.profile, { secrets: body.secrets ?? false, volumes: body.volumes ?? false }),
    swarmServiceLogs: ({ query }) => swarmOf(query.project).logs(query.service, query.tail),
  };
}
