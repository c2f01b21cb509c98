import { z } from 'zod';
import {
  capturePlan,
  cloneReport,
  restorePlan,
  restoreReport,
  scheduleSettings,
  scheduleView,
  snapshotId,
  snapshotProgress,
  snapshotSummary,
  verifyReport,
} from '../features/snapshot-model';
import { captureOptions, createOptions, projectName, snapshotPassphrase } from '../features/snapshots';
import { endpoint, ndjson } from './endpoint';
import { errorBody } from './http-errors';

const byId = z.object({ id: snapshotId.describe('The snapshot, as listed.') }).strict();

export const createSnapshotBody = createOptions
  .extend({
    stream: z.boolean().optional().describe('false: one JSON answer when it is complete instead of NDJSON progress.'),
  })
  .strict();

/**
 * The snapshot procedures over HTTP for scripts: the same inputs and answers as the app's own API.
 * Only POST and GET are used, one path per action.
 */
export const snapshotsEndpoints = {
  listSnapshots: endpoint({
    method: 'GET',
    path: '/api/v1/snapshots',
    tag: 'snapshots',
    summary: "The project's complete snapshots, newest first",
    reply: {
      kind: 'json',
      schema: z.array(snapshotSummary),
      description: 'Each snapshot with its size, time and methods.',
    },
    errors: [],
  }),
  planSnapshot: endpoint({
    method: 'POST',
    path: '/api/v1/snapshots/plan',
    tag: 'snapshots',
    summary: 'How each service would be captured, before a snapshot starts',
    body: captureOptions,
    example: { methods: { neo4j: 'stop' } },
    reply: { kind: 'json', schema: capturePlan, description: 'The method per service and the sizes.' },
    errors: ['ENGINE_UNAVAILABLE'],
  }),
  createSnapshot: endpoint({
    method: 'POST',
    path: '/api/v1/snapshots/create',
    tag: 'snapshots',
    summary: 'Make a snapshot; progress as NDJSON, the snapshot last',
    description: 'Closing the request cancels the snapshot (nothing is kept and every service runs as before).',
    body: createSnapshotBody,
    example: { label: 'before the upgrade' },
    reply: ndjson({
      chunk: z.union([snapshotProgress, snapshotSummary, errorBody]),
      final: snapshotSummary,
      streams: (body: z.output<typeof createSnapshotBody>) => body.stream !== false,
      description:
        'Progress lines (phase, service, bytes), then the complete snapshot; a failure after the first line ends the stream with one error body.',
    }),
    errors: ['CONFLICT', 'CANCELLED', 'ENGINE_UNAVAILABLE'],
  }),
  verifySnapshot: endpoint({
    method: 'POST',
    path: '/api/v1/snapshots/verify',
    tag: 'snapshots',
    summary: "Check every file's SHA-256 against the manifest",
    body: byId,
    reply: { kind: 'json', schema: verifyReport, description: 'Each file, and what is wrong with those that fail.' },
    errors: ['NOT_FOUND'],
  }),
  planRestore: endpoint({
    method: 'POST',
    path: '/api/v1/snapshots/restore-plan',
    tag: 'snapshots',
    summary: 'What a restore would overwrite, and the token that confirms it',
    body: byId,
    reply: {
      kind: 'json',
      schema: restorePlan,
      description: 'Volumes, sizes, when their data last changed, warnings.',
    },
    errors: ['NOT_FOUND', 'ENGINE_UNAVAILABLE'],
  }),
  restoreSnapshot: endpoint({
    method: 'POST',
    path: '/api/v1/snapshots/restore',
    tag: 'snapshots',
    summary: 'Restore a snapshot into the stack (after its restore plan)',
    body: z
      .object({
        id: snapshotId,
        confirmToken: z.string().min(1).max(128).describe('From the restore plan, within 10 minutes.'),
        passphrase: snapshotPassphrase.optional().describe("When the snapshot's stack.env is sealed."),
      })
      .strict(),
    reply: { kind: 'json', schema: restoreReport, description: 'What was restored and what runs again.' },
    errors: ['NOT_FOUND', 'CONFLICT', 'ENGINE_UNAVAILABLE'],
  }),
  cloneSnapshot: endpoint({
    method: 'POST',
    path: '/api/v1/snapshots/clone',
    tag: 'snapshots',
    summary: 'Start a snapshot as a new project beside the stack, on free ports',
    body: z
      .object({
        id: snapshotId,
        project: projectName.describe('The new project (lowercase letters, digits, - and _).'),
        passphrase: snapshotPassphrase.optional(),
        acknowledge: z.boolean().optional().describe('Confirms settings that give its containers part of the host.'),
      })
      .strict(),
    example: { id: 'sutazai-20250101-033000', project: 'sutazai-try' },
    reply: { kind: 'json', schema: cloneReport, description: 'The clone, its folder and its moved ports.' },
    errors: ['NOT_FOUND', 'CONFLICT', 'ENGINE_UNAVAILABLE'],
  }),
  deleteSnapshot: endpoint({
    method: 'POST',
    path: '/api/v1/snapshots/delete',
    tag: 'snapshots',
    summary: 'Delete a snapshot',
    body: byId,
    reply: { kind: 'json', schema: z.object({ deleted: snapshotId }).strict(), description: 'The id deleted.' },
    errors: ['NOT_FOUND'],
  }),
  snapshotSchedule: endpoint({
    method: 'GET',
    path: '/api/v1/snapshots/schedule',
    tag: 'snapshots',
    summary: 'The schedule, its next run and its last',
    reply: { kind: 'json', schema: scheduleView, description: 'Daily or weekly, the time, how many are kept.' },
    errors: [],
  }),
  setSnapshotSchedule: endpoint({
    method: 'POST',
    path: '/api/v1/snapshots/schedule/set',
    tag: 'snapshots',
    summary: 'Change the schedule',
    body: scheduleSettings.partial().strict(),
    example: { enabled: true, frequency: 'daily', time: '03:30', keep: 7 },
    reply: { kind: 'json', schema: scheduleView, description: 'The schedule as it is now.' },
    errors: [],
  }),
};
