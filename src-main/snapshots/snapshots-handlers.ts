import type { FeatureHandlers } from '../rpc';
import type { SnapshotService } from './snapshot-service';

export function createSnapshotsHandlers(snapshots: SnapshotService): FeatureHandlers<'snapshots'> {
  return {
    'snapshots:list': () => snapshots.list(),
    'snapshots:plan': (input) => snapshots.plan(input),
    'snapshots:create': (input) => snapshots.create(input),
    'snapshots:cancel': ({ operationId }) => snapshots.cancel(operationId),
    'snapshots:verify': ({ id }) => snapshots.verify(id),
    'snapshots:restorePlan': ({ id }) => snapshots.restorePlan(id),
    'snapshots:restore': (input) => snapshots.restore(input),
    'snapshots:clone': (input) => snapshots.clone(input),
    'snapshots:delete': ({ id }) => snapshots.delete(id),
    'snapshots:schedule': () => snapshots.schedule(),
    'snapshots:setSchedule': (input) => snapshots.setSchedule(input),
    'snapshots:progress': (_input, emit) => snapshots.onProgress(emit),
  };
}
