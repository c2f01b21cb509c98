import { z } from 'zod';
import { plan, planAction, planOverride } from '../features/planner';
import { projectChoice } from '../features/project-name';
import { endpoint } from './endpoint';

const tier = z.enum(['critical', 'core', 'optional']);

const upReport = z
  .object({
    project: z.string(),
    profile: z.string().describe('The profiles started, comma-separated.'),
    ok: z.boolean(),
    services: z.array(
      z
        .object({
          service: z.string(),
          outcome: z.enum(['created', 'recreated', 'started', 'unchanged', 'failed', 'skipped', 'interrupted']),
          ready: z.boolean(),
          error: z.string().optional(),
        })
        .strict(),
    ),
    durationMs: z.number(),
    error: z.string().optional(),
    engineStopped: z
      .object({
        reason: z.string(),
        created: z
          .object({ networks: z.array(z.string()), volumes: z.array(z.string()), containers: z.array(z.string()) })
          .strict(),
        started: z.array(z.string()),
      })
      .strict()
      .optional(),
  })
  .strict();

const serviceStatus = z
  .object({
    project: z.string(),
    service: z.string(),
    containerId: z.string(),
    containerName: z.string(),
    image: z.string(),
    state: z.string(),
    health: z.enum(['healthy', 'unhealthy', 'starting', 'none']),
    status: z.string(),
    tier,
    category: z.string().optional(),
    ui: z.string().optional(),
    ports: z.array(
      z.object({ hostIp: z.string(), hostPort: z.number(), containerPort: z.number(), protocol: z.string() }).strict(),
    ),
    profiles: z.array(z.string()),
  })
  .strict();

const pullState = z
  .object({
    model: z.string(),
    status: z.enum(['running', 'success', 'cancelled', 'failed']),
    phase: z.string(),
    layers: z.array(z.object({ digest: z.string(), total: z.number(), completed: z.number() }).strict()),
    error: z.string().optional(),
  })
  .strict();

const overrideState = z
  .object({
    file: z.string(),
    exists: z.boolean(),
    applied: z.array(
      z
        .object({
          id: z.string(),
          title: z.string(),
          appliedAt: z.number(),
          changes: z.record(
            z.string(),
            z
              .object({
                memoryLimitBytes: z.number().optional(),
                memoryReservationBytes: z.number().optional(),
                environment: z.record(z.string(), z.string()).optional(),
              })
              .strict(),
          ),
        })
        .strict(),
    ),
  })
  .strict();

export const actionResult = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('up'), report: upReport }).strict(),
  z.object({ kind: z.literal('service'), status: serviceStatus.nullable() }).strict(),
  z.object({ kind: z.literal('pull'), state: pullState }).strict(),
  z
    .object({
      kind: z.literal('load'),
      model: z.string(),
      sizeBytes: z.number().optional(),
      vramBytes: z.number().optional(),
    })
    .strict(),
  z.object({ kind: z.literal('limit'), overrides: overrideState }).strict(),
]);

export const planRequest = z.object({ ...projectChoice, action: planAction }).strict();
export const actRequest = z
  .object({
    ...projectChoice,
    action: planAction,
    override: planOverride
      .optional()
      .describe('How to go on when the plan is not a plain "fits": anyway, without-optional, or stop-first a service.'),
  })
  .strict();

export const actReply = z.discriminatedUnion('acted', [
  z
    .object({
      acted: z.literal(false),
      plan,
      message: z.string().describe('Why nothing was done, and how to go ahead.'),
    })
    .strict(),
  z
    .object({
      acted: z.literal(true),
      plan: plan.describe('The plan the action was taken under.'),
      override: planOverride.optional(),
      stopped: z.array(z.string()).describe('Services stopped first (override stop-first).'),
      result: actionResult,
    })
    .strict(),
]);

export const plannerEndpoints = {
  plan: endpoint({
    method: 'POST',
    path: '/api/v1/plan',
    tag: 'planner',
    summary: 'Whether an action would fit next to what runs, and why; nothing is done',
    description:
      'Actions: start-profile, start-service, pull-model, load-model, apply-limit. The verdict is fits, warn (crosses ' +
      'the warning line), shed (the memory guard would stop services: memory.shed, in its order), no-fit (would not fit ' +
      'even so: memory.oomOrder, what the kernel kills first) or no-disk. Every figure names its source.',
    body: planRequest,
    example: { action: { kind: 'start-profile', profiles: ['minimal'] } },
    reply: { kind: 'json', schema: plan, description: 'The plan.' },
    errors: ['NOT_FOUND', 'UNAVAILABLE', 'ENGINE_UNAVAILABLE'],
  }),
  act: endpoint({
    method: 'POST',
    path: '/api/v1/act',
    tag: 'planner',
    summary: 'Plans an action and does it when it fits, or when `override` says how to go on',
    description:
      'Without `override`, an action whose plan is not a plain "fits" is not done: the answer is {"acted": false} ' +
      'with the plan and its choices. Send it again with "override": {"kind": "anyway"} (or "without-optional", or ' +
      '{"kind": "stop-first", "service": ...}) to go ahead; the memory guard records an action taken anyway, with its plan.',
    body: actRequest,
    example: { action: { kind: 'load-model', model: 'tinyllama' }, override: { kind: 'anyway' } },
    reply: { kind: 'json', schema: actReply, description: 'Done (with what it did), or not done (with the plan).' },
    errors: ['NOT_FOUND', 'CONFLICT', 'UNAVAILABLE', 'ENGINE_UNAVAILABLE'],
  }),
};
