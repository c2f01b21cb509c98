export { SnapshotService, DEFAULT_HELPER_IMAGE, type SnapshotServiceOptions } from './snapshot-service';
export { summaryOf } from './snapshot-summary';
export { createSnapshotsHandlers } from './snapshots-handlers';
export { imageKind, type ImageKind } from './capture-plan';
export { nextRun, retentionVictims } from './snapshot-scheduler';
