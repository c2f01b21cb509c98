import { createAgentsHandlers } from '../agents';
import { createChatHandlers } from '../chat';
import { createEngineHandlers } from '../engine';
import { createEnginesHandlers } from '../engines';
import { createSwarmHandlers } from '../swarm';
import { createEventsHandlers } from '../events';
import { createGuardHandlers } from '../guard';
import { createHardwareHandlers } from '../hardware';
import { createHostHandlers } from '../host';
import { createLogsHandlers } from '../logs';
import { createMcpHandlers } from '../mcp';
import { createMetricsHandlers } from '../metrics';
import { createModelsHandlers } from '../models';
import { Router, type AllHandlers, type Logger } from '../rpc';
import { createProjectsHandlers } from '../projects';
import { createStackHandlers } from '../stack';
import { createSettingsHandlers } from '../settings';
import { createSetupHandlers } from '../setup';
import { createPlannerHandlers } from '../planner';
import { createSnapshotsHandlers } from '../snapshots';
import { homeAccess } from '../store';
import type { Core } from './core';
import { createSystemHandlers } from './system-handlers';

/** Every procedure and stream of the contract, served by the core's services (which this builds). */
export function createCoreRouter(core: Core, log?: Logger): Router {
  const handlers: AllHandlers = {
    ...createSystemHandlers(core.info, () => homeAccess(core.home)),
    ...createEngineHandlers(core.engineMonitor),
    ...createEnginesHandlers(core.engines),
    ...createHostHandlers(core.hostSampler),
    ...createStackHandlers((project) => core.projects.get(project).stack),
    ...createProjectsHandlers(core.projects),
    ...createModelsHandlers(core.models),
    ...createChatHandlers(core.chat),
    ...createEventsHandlers(core.events),
    ...createAgentsHandlers(core.agents),
    ...createGuardHandlers(core.guard, core.projects, core.settings),
    ...createMetricsHandlers(core.metrics, core.metricsHistory),
    ...createLogsHandlers(
      (project) => core.projects.get(project).logs,
      () => core.projects.list().map((p) => p.logs),
    ),
    ...createHardwareHandlers(core.hardware),
    ...createSettingsHandlers(core.preferences, core.browserToken, core.home),
    ...createSetupHandlers(core.setup),
    ...createPlannerHandlers((project) => core.plannerFor(core.projects.get(project))),
    ...createSnapshotsHandlers(core.snapshots),
    ...createMcpHandlers(core.mcp),
    ...createSwarmHandlers((project) => core.swarmFor(core.projects.get(project))),
  };
  return new Router(handlers, log);
}
