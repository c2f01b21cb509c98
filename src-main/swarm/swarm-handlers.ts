import type { FeatureHandlers } from '../rpc';
import type { SwarmService } from './swarm-service';

/** The swarm procedures, each on the managed project it names (`swarmOf(undefined)`: the SutazAI stack). */
export function createSwarmHandlers(swarmOf: (project?: string) => SwarmService): FeatureHandlers<'swarm'> {
  return {
    'swarm:deploy': ({ project, profile, timeoutMs }) => swarmOf(project).deploy(profile, timeoutMs),
    'swarm:ps': ({ project }) => swarmOf(project).ps(),
    'swarm:rm': ({ project, profile, secrets, volumes }) =>
      swarmOf(project).rm(profile, { secrets: secrets ?? false, volumes: volumes ?? false }),
    'swarm:logs': ({ project, service, tail }) => swarmOf(project).logs(service, tail),
    'swarm:nodes': ({ project }) => swarmOf(project).nodes(),
    'swarm:node': ({ project, node, availability, memoryBudget }) =>
      swarmOf(project).node(node, {
        ...(availability ? { availability } : {}),
        ...(memoryBudget !== undefined ? { memoryBudget } : {}),
      }),
    'swarm:start-again': ({ project, service }) => swarmOf(project).startAgain(service),
  };
}
