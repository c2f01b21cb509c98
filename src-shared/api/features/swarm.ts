import { z } from 'zod';
import { procedure } from '../define';
import { projectChoice } from './project-name';

/** One task of a swarm service: where it runs and in what state, as `docker stack ps` shows it. */
export interface SwarmTask {
  id: string;
  service: string;
  /** 1-based slot of a replicated service. */
  slot?: number;
  node: string;
  nodeId: string;
  image: string;
  /** The swarm's task state: new, pending, assigned, preparing, starting, running, complete, failed, rejected, shutdown... */
  state: string;
  desiredState: string;
  /** The task's message, and its error when it failed. */
  message: string;
  error?: string;
  updatedAt: string;
}

/** One service of a stack deployed to a swarm. */
export interface SwarmServiceStatus {
  /** The compose service name. */
  service: string;
  /** The swarm service name, `<stack>_<service>`. */
  name: string;
  image: string;
  replicas: number;
  running: number;
  /** The placement constraints it was given. */
  constraints: string[];
  /** The last rolling update: `updating`, `completed`, `rollback_completed`, `paused`..., with its message. */
  update?: { state: string; message: string };
}

export interface SwarmStackStatus {
  stack: string;
  /** Whether the current engine is a swarm manager (else nothing else is filled). */
  manager: boolean;
  services: SwarmServiceStatus[];
  tasks: SwarmTask[];
}

export interface SwarmDeployReport {
  stack: string;
  network: string;
  /** Services created, and services updated in place (a rolling update). */
  created: string[];
  updated: string[];
  /** The swarm secrets the stack's services read. */
  secrets: string[];
  /** Services whose update failed and was rolled back, with why. */
  rolledBack: { service: string; message: string }[];
  /** What the swarm does differently from one engine (ports not published, bind mounts per node...). */
  warnings: string[];
}

export interface SwarmRemoveReport {
  stack: string;
  services: string[];
  networks: string[];
  secrets: string[];
  volumes: string[];
}

/** A node's figures from the stack's probe service, which prints its /proc every 2 s. */
export interface SwarmNodeFigures {
  totalBytes: number;
  availableBytes: number;
  /** PSI memory `some avg10`, where the node's kernel reports it. */
  pressureSome10?: number;
  cpuPercent: number;
  /** When the sample arrived (ms since the epoch). */
  sampledAt: number;
}

/** One node of the swarm, its figures and how the guard judges it. */
export interface SwarmNodeStatus {
  id: string;
  hostname: string;
  role: 'manager' | 'worker';
  leader: boolean;
  /** active, pause or drain: drained nodes get no tasks and their tasks move elsewhere. */
  availability: string;
  /** ready, down, unknown, disconnected. */
  state: string;
  address: string;
  labels: Record<string, string>;
  /** As the node's engine describes it. */
  cpus: number;
  memoryBytes: number;
  /** From the probe's task on that node; absent while there is no fresh sample. */
  figures?: SwarmNodeFigures;
  /** Why there are no fresh figures (the guard does nothing on this node then). */
  stale?: string;
  /** The memory in use the guard allows on this node: its `ai.sutazai.memory-budget` label, else its memory. */
  budgetBytes?: number;
  budgetSource: 'label' | 'node';
  /** Memory in use over the budget, and the guard's level for it. */
  usage?: number;
  level?: 'ok' | 'warn' | 'shed-optional' | 'shed-core';
  /** Running tasks of the stack on this node (the probe's not counted). */
  tasks: number;
}

/** A service the guard scaled to zero because a node ran out of memory; Start again (or a deploy) brings it back. */
export interface SwarmShedService {
  service: string;
  node: string;
  replicas: number;
  /** ms since the epoch. */
  at: number;
}

export interface SwarmNodesReport {
  stack: string;
  manager: boolean;
  /** The global probe service and how many of its tasks run, against the nodes it should run on. */
  probe: { service: string; running: number; nodes: number };
  dryRun: boolean;
  nodes: SwarmNodeStatus[];
  shed: SwarmShedService[];
}

const profileName = z.string().regex(/^[a-zA-Z0-9_.-]{1,64}$/, 'a profile name (letters, digits, _ . -)');
const serviceName = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$/, 'a compose service name');

export const swarmDeployInput = z
  .object({ ...projectChoice, profile: profileName.optional(), timeoutMs: z.number().int().min(1000).optional() })
  .strict();
export const swarmRmInput = z
  .object({
    ...projectChoice,
    profile: profileName.optional(),
    secrets: z.boolean().optional().describe("Remove the stack's swarm secrets too."),
    volumes: z.boolean().optional().describe("Remove the stack's volumes on the manager node too."),
  })
  .strict();
export const swarmLogsInput = z
  .object({ ...projectChoice, service: serviceName, tail: z.number().int().min(1).max(10_000).optional() })
  .strict();

const nodeRef = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$/, "a node's hostname or id");
export const swarmNodeInput = z
  .object({
    ...projectChoice,
    node: nodeRef,
    availability: z
      .enum(['active', 'pause', 'drain'])
      .optional()
      .describe('drain: its tasks move to other nodes; pause: it keeps its tasks and gets no new ones.'),
    memoryBudget: z
      .union([z.string().max(32), z.null()])
      .optional()
      .describe("The memory in use the guard allows on the node ('12GiB'); null: the node's memory."),
  })
  .strict();
export const swarmStartAgainInput = z.object({ ...projectChoice, service: serviceName }).strict();

export const swarmContract = {
  /** Deploys a profile of a project as a swarm stack on the current engine (a swarm manager); again: rolling updates. */
  'swarm:deploy': procedure(swarmDeployInput).returns<SwarmDeployReport>(),
  /** The stack's services and their tasks, each with its node. */
  'swarm:ps': procedure(z.object({ ...projectChoice }).strict()).returns<SwarmStackStatus>(),
  /** Removes the stack's services (of one profile, or all) and its network; secrets and volumes only when asked. */
  'swarm:rm': procedure(swarmRmInput).returns<SwarmRemoveReport>(),
  /** The last lines of a service's logs, from every node its tasks ran on. */
  'swarm:logs': procedure(swarmLogsInput).returns<{ service: string; lines: string[] }>(),
  /** Each node with its figures from the stack's probe service, its budget and the guard's level; the services the guard scaled down. */
  'swarm:nodes': procedure(z.object({ ...projectChoice }).strict()).returns<SwarmNodesReport>(),
  /** Drains, pauses or activates a node, or sets its memory budget (a node label). */
  'swarm:node': procedure(swarmNodeInput).returns<SwarmNodeStatus>(),
  /** Scales a service the guard scaled to zero back to its replicas. */
  'swarm:start-again': procedure(swarmStartAgainInput).returns<SwarmShedService>(),
};
