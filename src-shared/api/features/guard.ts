import { z } from 'zod';
import { procedure, stream } from '../define';
import { projectChoice } from './project-name';
import type { Tier } from './stack-model';

/** A running container of a managed project, as the guard weighs it (its tier from its labels, else its project's default). */
export interface GuardMember {
  id: string;
  project: string;
  service: string;
  tier: Tier;
  bytes: number;
}

export interface GuardStatus {
  budgetBytes: number;
  budgetSource: 'host' | 'setting';
  usedBytes: number;
  /** usedBytes / budgetBytes. */
  usage: number;
  level: 'ok' | 'warn' | 'shed-optional' | 'shed-core';
  /** The working sets of every managed project's running containers, summed. */
  stackBytes: number;
  members: GuardMember[];
  stoppedByGuard: { project: string; service: string }[];
  dryRun: boolean;
  sampledAt: number;
}

export interface ServiceSupervision {
  project: string;
  service: string;
  restarts: number;
  parked: boolean;
  nextRestartAt?: number;
}

const service = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$/, 'a service name');

/** The smallest memory budget the guard takes. */
export const MIN_BUDGET_BYTES = 64 * 1024 * 1024;

export const guardContract = {
  'guard:status': procedure(z.object({}).strict()).returns<GuardStatus | null>(),
  'guard:watch': stream(z.object({}).strict()).emits<GuardStatus>(),
  'guard:configure': procedure(
    z
      .object({
        budgetBytes: z.number().int().min(MIN_BUDGET_BYTES).nullable().optional(),
        dryRun: z.boolean().optional(),
      })
      .strict(),
  ).returns<GuardStatus | null>(),
  'guard:startAgain': procedure(z.object({ ...projectChoice, service }).strict()).returns<void>(),
  /** The supervision of one project (`project`), or of every managed project. */
  'supervisor:status': procedure(z.object({ ...projectChoice }).strict()).returns<{
    engineConnected: boolean;
    services: ServiceSupervision[];
  }>(),
  'supervisor:retry': procedure(z.object({ ...projectChoice, service }).strict()).returns<void>(),
};
