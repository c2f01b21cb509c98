import { z } from 'zod';
import { projectName } from '../features/project-name';
import {
  swarmDeployInput,
  swarmLogsInput,
  swarmNodeInput,
  swarmRmInput,
  swarmStartAgainInput,
} from '../features/swarm';
import { endpoint } from './endpoint';

const task = z
  .object({
    id: z.string(),
    service: z.string(),
    slot: z.number().int().optional(),
    node: z.string().describe('The hostname of the node the task runs on.'),
    nodeId: z.string(),
    image: z.string(),
    state: z.string().describe('running, starting, pending, failed, rejected, shutdown...'),
    desiredState: z.string(),
    message: z.string(),
    error: z.string().optional(),
    updatedAt: z.string(),
  })
  .strict();

const stackStatus = z
  .object({
    stack: z.string(),
    manager: z.boolean().describe('Whether the current engine is a swarm manager; when not, the lists are empty.'),
    services: z.array(
      z
        .object({
          service: z.string(),
          name: z.string(),
          image: z.string(),
          replicas: z.number().int(),
          running: z.number().int(),
          constraints: z.array(z.string()),
          update: z.object({ state: z.string(), message: z.string() }).strict().optional(),
        })
        .strict(),
    ),
    tasks: z.array(task),
  })
  .strict();

const deployReport = z
  .object({
    stack: z.string(),
    network: z.string(),
    created: z.array(z.string()),
    updated: z.array(z.string()).describe('Services rolled to a changed template.'),
    secrets: z.array(z.string()),
    rolledBack: z.array(z.object({ service: z.string(), message: z.string() }).strict()),
    warnings: z.array(z.string()),
  })
  .strict();

const removeReport = z
  .object({
    stack: z.string(),
    services: z.array(z.string()),
    networks: z.array(z.string()),
    secrets: z.array(z.string()),
    volumes: z.array(z.string()),
  })
  .strict();

const nodeStatus = z
  .object({
    id: z.string(),
    hostname: z.string(),
    role: z.enum(['manager', 'worker']),
    leader: z.boolean(),
    availability: z.string().describe('active, pause or drain.'),
    state: z.string().describe('ready, down, unknown, disconnected.'),
    address: z.string(),
    labels: z.record(z.string(), z.string()),
    cpus: z.number(),
    memoryBytes: z.number(),
    figures: z
      .object({
        totalBytes: z.number(),
        availableBytes: z.number(),
        pressureSome10: z.number().optional(),
        cpuPercent: z.number(),
        sampledAt: z.number(),
      })
      .strict()
      .optional()
      .describe("The node's /proc figures from the stack's probe task on it; absent while stale."),
    stale: z.string().optional().describe('Why there are no fresh figures (the guard does nothing on this node then).'),
    budgetBytes: z.number().optional(),
    budgetSource: z.enum(['label', 'node']).describe('The ai.sutazai.memory-budget node label, or the node memory.'),
    usage: z.number().optional(),
    level: z.enum(['ok', 'warn', 'shed-optional', 'shed-core']).optional(),
    tasks: z.number().int(),
  })
  .strict();

const shedService = z
  .object({ service: z.string(), node: z.string(), replicas: z.number().int(), at: z.number() })
  .strict();

const nodesReport = z
  .object({
    stack: z.string(),
    manager: z.boolean(),
    probe: z.object({ service: z.string(), running: z.number().int(), nodes: z.number().int() }).strict(),
    dryRun: z.boolean(),
    nodes: z.array(nodeStatus),
    shed: z.array(shedService),
  })
  .strict();

/** A query parameter arrives as text: digits are read as a number. */
const wholeNumber = z.preprocess((v) => (typeof v === 'string' && /^\d{1,6}$/.test(v) ? Number(v) : v), z.number());

export const swarmEndpoints = {
  deploySwarmStack: endpoint({
    method: 'POST',
    path: '/api/v1/swarm/deploy',
    tag: 'swarm',
    summary:
      'Deploy a profile as a swarm stack on the current engine (a manager); deployed again, changed services roll',
    body: swarmDeployInput,
    example: { profile: 'minimal' },
    reply: { kind: 'json', schema: deployReport, description: 'What was created, updated or rolled back.' },
    errors: ['INVALID_INPUT', 'CONFLICT', 'NOT_FOUND', 'TIMEOUT'],
  }),
  swarmStackStatus: endpoint({
    method: 'GET',
    path: '/api/v1/swarm/ps',
    tag: 'swarm',
    summary: "The stack's swarm services and their tasks, each with its node",
    query: z.object({ project: projectName.optional() }).strict(),
    reply: { kind: 'json', schema: stackStatus, description: 'Services and tasks, as docker stack services/ps show.' },
    errors: ['INVALID_INPUT'],
  }),
  removeSwarmStack: endpoint({
    method: 'POST',
    path: '/api/v1/swarm/rm',
    tag: 'swarm',
    summary: "Remove the stack's services (of a profile, or all) and its network; secrets and volumes when asked",
    body: swarmRmInput,
    example: {},
    reply: { kind: 'json', schema: removeReport, description: 'What was removed.' },
    errors: ['INVALID_INPUT', 'CONFLICT'],
  }),
  swarmServiceLogs: endpoint({
    method: 'GET',
    path: '/api/v1/swarm/logs',
    tag: 'swarm',
    summary: "A swarm service's last log lines from every node, each prefixed with its node",
    query: z
      .object({
        project: projectName.optional(),
        service: swarmLogsInput.shape.service,
        tail: wholeNumber.pipe(swarmLogsInput.shape.tail.unwrap()).optional(),
      })
      .strict(),
    reply: {
      kind: 'json',
      schema: z.object({ service: z.string(), lines: z.array(z.string()) }).strict(),
      description: 'The lines, oldest first.',
    },
    errors: ['INVALID_INPUT', 'CONFLICT', 'NOT_FOUND'],
  }),
  swarmNodes: endpoint({
    method: 'GET',
    path: '/api/v1/swarm/nodes',
    tag: 'swarm',
    summary:
      "Each node of the swarm with its figures from the stack's probe service, its memory budget and the guard's level; the services the guard scaled down",
    query: z.object({ project: projectName.optional() }).strict(),
    reply: { kind: 'json', schema: nodesReport, description: 'The nodes, and the services scaled to zero.' },
    errors: ['INVALID_INPUT'],
  }),
  updateSwarmNode: endpoint({
    method: 'POST',
    path: '/api/v1/swarm/node',
    tag: 'swarm',
    summary: 'Drain, pause or activate a node, or set its memory budget (a node label the guard reads)',
    body: swarmNodeInput,
    example: { node: 'gpu-box', availability: 'drain' },
    reply: { kind: 'json', schema: nodeStatus, description: 'The node as it is now.' },
    errors: ['INVALID_INPUT', 'CONFLICT', 'NOT_FOUND'],
  }),
  startSwarmServiceAgain: endpoint({
    method: 'POST',
    path: '/api/v1/swarm/start-again',
    tag: 'swarm',
    summary: 'Scale a service the guard scaled to zero back to its replicas',
    body: swarmStartAgainInput,
    example: { service: 'langflow' },
    reply: { kind: 'json', schema: shedService, description: 'The service and the replicas it has again.' },
    errors: ['INVALID_INPUT', 'CONFLICT', 'NOT_FOUND'],
  }),
};
