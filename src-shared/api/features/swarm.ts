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

export const swarmContract = {
  /** Deploys a profile of a project as a swarm stack on the current engine (a swarm manager); again: rolling updates. */
  'swarm:deploy': procedure(swarmDeployInput).returns<SwarmDeployReport>(),
  /** The stack's services and their tasks, each with its node. */
  'swarm:ps': procedure(z.object({ ...projectChoice }).strict()).returns<SwarmStackStatus>(),
  /** Removes the stack's services (of one profile, or all) and its network; secrets and volumes only when asked. */
  'swarm:rm': procedure(swarmRmInput).returns<SwarmRemoveReport>(),
  /** The last lines of a service's logs, from every node its tasks ran on. */
  'swarm:logs': procedure(swarmLogsInput).returns<{ service: string; lines: string[] }>(),
};
