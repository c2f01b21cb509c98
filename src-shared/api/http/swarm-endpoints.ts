import { z } from 'zod';
import { projectName } from '../features/project-name';
import { swarmDeployInput, swarmLogsInput, swarmRmInput } from '../features/swarm';
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
};
