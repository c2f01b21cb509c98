import type { z } from 'zod';
import type { ProcedureDef, StreamDef } from './define';
import { agentsContract } from './features/agents';
import { engineContract } from './features/engine';
import { enginesContract } from './features/engines';
import { eventsContract } from './features/events';
import { guardContract } from './features/guard';
import { hostContract } from './features/host';
import { stackContract } from './features/stack';
import { projectsContract } from './features/projects';
import { modelsContract } from './features/models';
import { chatContract } from './features/chat';
import { systemContract } from './features/system';
import { metricsContract } from './features/metrics';
import { logsContract } from './features/logs';
import { hardwareContract } from './features/hardware';
import { settingsContract } from './features/settings';
import { setupContract } from './features/setup';
import { plannerContract } from './features/planner';
import { snapshotsContract } from './features/snapshots';
import { mcpContract } from './features/mcp';
import { swarmContract } from './features/swarm';

/**
 * Every procedure and stream of the app, declared once. Main implements them, the preload and
 * the WebSocket client expose them, the renderer calls them; adding a feature means adding its
 * file under features/ and one spread here.
 */
export const contract = {
  ...systemContract,
  ...engineContract,
  ...enginesContract,
  ...agentsContract,
  ...eventsContract,
  ...guardContract,
  ...hostContract,
  ...stackContract,
  ...projectsContract,
  ...modelsContract,
  ...chatContract,
  ...metricsContract,
  ...logsContract,
  ...hardwareContract,
  ...settingsContract,
  ...setupContract,
  ...plannerContract,
  ...snapshotsContract,
  ...mcpContract,
  ...swarmContract,
};

export type Contract = typeof contract;
export type Name = keyof Contract;

export type ProcedureName = {
  [K in Name]: Contract[K] extends ProcedureDef<z.ZodType, unknown> ? K : never;
}[Name];

export type StreamName = {
  [K in Name]: Contract[K] extends StreamDef<z.ZodType, unknown> ? K : never;
}[Name];

export type InputOf<K extends Name> = z.input<Contract[K]['input']>;
export type ParsedInputOf<K extends Name> = z.output<Contract[K]['input']>;
export type OutputOf<K extends ProcedureName> = Contract[K] extends ProcedureDef<z.ZodType, infer O> ? O : never;
export type EventOf<K extends StreamName> = Contract[K] extends StreamDef<z.ZodType, infer E> ? E : never;

export function isName(name: string): name is Name {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

export function splitName(name: string): [feature: string, method: string] {
  const i = name.indexOf(':');
  return [name.slice(0, i), name.slice(i + 1)];
}
