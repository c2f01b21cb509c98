import { httpContract, type EndpointDef } from '../../../src-shared/api/http';
import type { Core } from '../../core';
import { agentsRoutes } from './agents-routes';
import { alertsRoutes } from './alerts-routes';
import { bindEndpoint, type HttpHandlers } from './bind-endpoint';
import { chatRoutes } from './chat-routes';
import { enginesRoutes } from './engines-routes';
import { eventsRoutes } from './events-routes';
import type { HttpRoute } from './http-route';
import { mcpRoutes } from './mcp-routes';
import { metricsRoutes } from './metrics-routes';
import { snapshotsRoutes } from './snapshots-routes';
import { stackMcpSources } from '../../mcp';
import { systemRoutes } from './system-routes';
import { plannerRoutes } from './planner-routes';
import { swarmRoutes } from './swarm-routes';

export type { HttpRoute } from './http-route';

/** Every endpoint of the HTTP contract bound to its handler over the core's services. */
export function apiRoutes(core: Core): HttpRoute[] {
  const handlers: HttpHandlers = {
    ...systemRoutes(core),
    ...chatRoutes(core.chat, core.models),
    ...eventsRoutes(core.events),
    ...agentsRoutes(core.agents),
    ...metricsRoutes(core.metrics),
    ...plannerRoutes((project) => core.plannerFor(core.projects.get(project))),
    ...snapshotsRoutes(core.snapshots),
    ...alertsRoutes(core.alertmanagerWebhook),
    ...enginesRoutes(core.engines),
    ...swarmRoutes((project) => core.swarmFor(core.projects.get(project))),
    ...mcpRoutes(() =>
      stackMcpSources({
        stack: core.stack,
        logs: core.logs,
        events: core.events,
        metrics: core.metrics,
        settings: core.settings,
        version: core.info.version,
        planner: core.planner,
      }),
    ),
  };
  return Object.entries(httpContract).map(([name, def]) =>
    bindEndpoint(name, def as EndpointDef, handlers[name as keyof HttpHandlers] as Parameters<typeof bindEndpoint>[2]),
  );
}
