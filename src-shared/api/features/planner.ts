import { z } from 'zod';
import { procedure } from '../define';
import type { OverrideState } from './hardware';
import type { PullState } from './models';
import {
  planChoice,
  planDisk,
  planFigure,
  planLimit,
  planMemory,
  planModel,
  plannedService,
  planVerdict,
} from './planner-plan';
import { projectChoice } from './project-name';
import type { ServiceStatus, UpReport } from './stack';

export * from './planner-plan';

const profileName = z.string().regex(/^[a-zA-Z0-9_.-]{1,64}$/, 'a profile name (letters, digits, _ . -)');
const serviceName = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$/, 'a service name');
const modelName = z.string().min(1).max(300);
const MiB = 1024 * 1024;

/** An action the planner can judge before it runs. */
export const planAction = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('start-profile'),
      profiles: z
        .array(profileName.or(z.literal('*')))
        .max(64)
        .describe("The profiles to start; none starts a compose folder's services that have no profile."),
    })
    .strict(),
  z.object({ kind: z.literal('start-service'), service: serviceName }).strict(),
  z.object({ kind: z.literal('pull-model'), model: modelName }).strict(),
  z
    .object({
      kind: z.literal('load-model'),
      model: modelName,
      contextLength: z
        .number()
        .int()
        .min(256)
        .max(1024 * 1024)
        .optional()
        .describe('num_ctx it will load with (default: the stack’s OLLAMA_CONTEXT_LENGTH, else 2048).'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('apply-limit'),
      service: serviceName,
      limitBytes: z
        .number()
        .int()
        .min(16 * MiB, 'at least 16 MiB'),
      reservationBytes: z.number().int().min(0).optional(),
    })
    .strict(),
]);
export type PlanAction = z.output<typeof planAction>;

/** How to go on when the plan is not a plain "fits"; without one, `planner:act` only answers the plan. */
export const planOverride = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('anyway') }).strict(),
  z.object({ kind: z.literal('without-optional') }).strict(),
  z.object({ kind: z.literal('stop-first'), service: serviceName }).strict(),
]);
export type PlanOverride = z.output<typeof planOverride>;

export const plan = z
  .object({
    id: z.string(),
    project: z.string(),
    action: planAction,
    verdict: planVerdict,
    summary: z.string().describe('The verdict in one line.'),
    memory: planMemory,
    services: z.array(plannedService).describe('The services the action starts, each with its expected use.'),
    model: planModel.optional(),
    limit: planLimit.optional(),
    disk: z.array(planDisk),
    inputs: z.array(planFigure).describe('Every figure the plan read, with where it came from.'),
    notes: z.array(z.string()),
    choices: z.array(planChoice).describe('What the user may do when it is not a plain "fits".'),
    plannedAt: z.number().int(),
    tookMs: z.number(),
  })
  .strict();
export type Plan = z.output<typeof plan>;
export type PlannedService = z.output<typeof plannedService>;
export type PlanChoice = z.output<typeof planChoice>;
export type PlanMemory = z.output<typeof planMemory>;
export type PlanModel = z.output<typeof planModel>;
export type PlanDisk = z.output<typeof planDisk>;
export type PlanFigure = z.output<typeof planFigure>;
export type PlanLimit = z.output<typeof planLimit>;

/** What an action did once it ran. */
export type ActionResult =
  | { kind: 'up'; report: UpReport }
  | { kind: 'service'; status: ServiceStatus | null }
  | { kind: 'pull'; state: PullState }
  | { kind: 'load'; model: string; sizeBytes?: number; vramBytes?: number }
  | { kind: 'limit'; overrides: OverrideState };

export type ActOutcome =
  | { acted: false; plan: Plan; message: string }
  | { acted: true; plan: Plan; override?: PlanOverride; stopped: string[]; result: ActionResult };

/** A service's memory use over the last days against its limit and reservation, and what to set instead. */
export interface LimitAdvice {
  service: string;
  tier: 'critical' | 'core' | 'optional';
  kind: 'oversized' | 'close' | 'ok' | 'no-history';
  reason: string;
  limitBytes: number | null;
  reservationBytes: number | null;
  p95Bytes: number | null;
  p99Bytes: number | null;
  peakBytes: number | null;
  /** Growth of the working set per day (least squares over hourly means); negative when it shrinks. */
  trendBytesPerDay: number | null;
  minutesOver90: number;
  oomKills: number;
  /** How much history the figures rest on. */
  windowMs: number;
  points: number;
  source: string;
  recommended: { limitBytes: number; reservationBytes: number } | null;
  applied: boolean;
}

export interface LimitSizing {
  project: string;
  windowDays: number;
  services: LimitAdvice[];
  overrideFile: string;
}

export const plannerContract = {
  /** Will this action fit next to what runs, and why; nothing is done. */
  'planner:plan': procedure(z.object({ ...projectChoice, action: planAction }).strict()).returns<Plan>(),
  /** Plans, then acts when it fits or when `override` says how to go on; else answers the plan alone. */
  'planner:act': procedure(
    z.object({ ...projectChoice, action: planAction, override: planOverride.optional() }).strict(),
  ).returns<ActOutcome>(),
  /** Limits and reservations sized from the metrics history, per service of the project. */
  'planner:limits': procedure(z.object({}).strict()).returns<LimitSizing>(),
  /** Takes a sized limit back out of the override file. */
  'planner:undoLimit': procedure(z.object({ service: serviceName }).strict()).returns<OverrideState>(),
};
