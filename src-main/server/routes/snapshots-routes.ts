import type { SnapshotProgress } from '../../../src-shared/api';
import type { SnapshotService } from '../../snapshots';
import type { HttpHandlers } from './bind-endpoint';

type SnapshotHandlers = Pick<
  HttpHandlers,
  | 'listSnapshots'
  | 'planSnapshot'
  | 'createSnapshot'
  | 'verifySnapshot'
  | 'planRestore'
  | 'restoreSnapshot'
  | 'cloneSnapshot'
  | 'deleteSnapshot'
  | 'snapshotSchedule'
  | 'setSnapshotSchedule'
>;

/** /api/v1/snapshots/…: the snapshot service's procedures for scripts. */
export function snapshotsRoutes(snapshots: SnapshotService): SnapshotHandlers {
  return {
    listSnapshots: () => snapshots.list(),
    planSnapshot: ({ body }) => snapshots.plan(body),
    createSnapshot: async ({ body }, emit, ctx) => {
      const { stream: _stream, ...options } = body;
      let operation: string | undefined;
      // This process runs one create per project at a time (the lock), so its progress is this request's.
      const progress = snapshots.onProgress((p: SnapshotProgress) => {
        if (p.operation !== 'create') return;
        operation ??= p.operationId;
        emit(p);
      });
      const cancel = (): void => {
        if (operation) snapshots.cancel(operation);
      };
      ctx.signal.addEventListener('abort', cancel, { once: true });
      try {
        return await snapshots.create(options);
      } finally {
        ctx.signal.removeEventListener('abort', cancel);
        progress.dispose();
      }
    },
    verifySnapshot: ({ body }) => snapshots.verify(body.id),
    planRestore: ({ body }) => snapshots.restorePlan(body.id),
    restoreSnapshot: ({ body }) => snapshots.restore(body),
    cloneSnapshot: ({ body }) => snapshots.clone(body),
    deleteSnapshot: ({ body }) => snapshots.delete(body.id),
    snapshotSchedule: () => snapshots.schedule(),
    setSnapshotSchedule: ({ body }) => snapshots.setSchedule(body),
  };
}
