import { agentsEndpoints } from './agents-endpoints';
import { alertsEndpoints } from './alerts-endpoints';
import { chatEndpoints } from './chat-endpoints';
import { enginesEndpoints } from './engines-endpoints';
import { eventsEndpoints } from './events-endpoints';
import { mcpEndpoints } from './mcp-endpoints';
import { metricsEndpoints } from './metrics-endpoints';
import { modelsEndpoints } from './models-endpoints';
import { snapshotsEndpoints } from './snapshots-endpoints';
import { systemEndpoints } from './system-endpoints';
import { plannerEndpoints } from './planner-endpoints';
import { swarmEndpoints } from './swarm-endpoints';

/**
 * Every HTTP endpoint of the browser mode, declared once. The server binds one handler per name
 * (a missing one is a compile error) and `GET /api/v1/openapi.json` is generated from this list.
 */
export const httpContract = {
  ...systemEndpoints,
  ...modelsEndpoints,
  ...chatEndpoints,
  ...eventsEndpoints,
  ...agentsEndpoints,
  ...metricsEndpoints,
  ...plannerEndpoints,
  ...snapshotsEndpoints,
  ...alertsEndpoints,
  ...mcpEndpoints,
  ...enginesEndpoints,
  ...swarmEndpoints,
};

export type HttpContract = typeof httpContract;
export type EndpointName = keyof HttpContract;
