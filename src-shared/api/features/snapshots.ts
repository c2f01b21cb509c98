import { z } from 'zod';
import { procedure, stream } from '../define';
import {
  methodChoice,
  scheduleSettings,
  snapshotId,
  type CapturePlan,
  type CloneReport,
  type RestorePlan,
  type RestoreReport,
  type ScheduleView,
  type SnapshotProgress,
  type SnapshotSummary,
  type VerifyReport,
} from './snapshot-model';

const serviceName = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$/, 'a service name');

/** An absolute folder (POSIX, or a Windows drive or share); the core checks it exists and can be written. */
export const snapshotFolder = z
  .string()
  .min(1)
  .max(4096)
  .regex(/^(\/|[A-Za-z]:[\\/]|\\\\)[^\0]*$/, 'an absolute folder path, e.g. /mnt/backup/sutazai');

/** Opens an encrypted stack.env; never stored, never logged. */
export const snapshotPassphrase = z.string().min(8, 'at least 8 characters').max(1024, 'at most 1024 characters');

export const projectName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'a project name (lowercase letters, digits, - and _)');

export const captureOptions = z
  .object({
    /** Per service: `auto` (its database's own tool, else a brief stop), `stop`, or `live`. */
    methods: z.record(serviceName, methodChoice).optional(),
    /** Archive Ollama's model files too (by default only their names and digests are kept). */
    includeModelWeights: z.boolean().optional(),
    destination: snapshotFolder.optional(),
  })
  .strict();
export type CaptureOptions = z.output<typeof captureOptions>;

export const createOptions = captureOptions
  .extend({
    label: z
      .string()
      .max(200)
      .refine((s) => ![...s].some((c) => c.charCodeAt(0) < 32), 'one line of text, without control characters')
      .optional(),
    /** Encrypts stack.env in the snapshot (scrypt + AES-256-GCM). */
    passphrase: snapshotPassphrase.optional(),
  })
  .strict();
export type CreateOptions = z.output<typeof createOptions>;

export const snapshotsContract = {
  'snapshots:list': procedure(z.object({}).strict()).returns<SnapshotSummary[]>(),
  /** What a snapshot with these options would capture and how, shown before it starts. */
  'snapshots:plan': procedure(captureOptions).returns<CapturePlan>(),
  'snapshots:create': procedure(createOptions).returns<SnapshotSummary>(),
  'snapshots:cancel': procedure(z.object({ operationId: z.string().min(1).max(64) }).strict()).returns<{
    cancelled: boolean;
  }>(),
  'snapshots:verify': procedure(z.object({ id: snapshotId }).strict()).returns<VerifyReport>(),
  /** What a restore would overwrite (volumes, sizes, when their data last changed), and the token that confirms it. */
  'snapshots:restorePlan': procedure(z.object({ id: snapshotId }).strict()).returns<RestorePlan>(),
  'snapshots:restore': procedure(
    z
      .object({
        id: snapshotId,
        confirmToken: z.string().min(1).max(128),
        passphrase: snapshotPassphrase.optional(),
      })
      .strict(),
  ).returns<RestoreReport>(),
  /** Restores into a new project beside the stack, on free ports. */
  'snapshots:clone': procedure(
    z
      .object({
        id: snapshotId,
        project: projectName,
        passphrase: snapshotPassphrase.optional(),
        /** Confirms services whose settings give them part of the host, for the clone. */
        acknowledge: z.boolean().optional(),
      })
      .strict(),
  ).returns<CloneReport>(),
  'snapshots:delete': procedure(z.object({ id: snapshotId }).strict()).returns<{ deleted: string }>(),
  'snapshots:schedule': procedure(z.object({}).strict()).returns<ScheduleView>(),
  'snapshots:setSchedule': procedure(scheduleSettings.partial().strict()).returns<ScheduleView>(),
  /** Every snapshot, restore and clone as it goes: phase, service, bytes. */
  'snapshots:progress': stream(z.object({}).strict()).emits<SnapshotProgress>(),
};
