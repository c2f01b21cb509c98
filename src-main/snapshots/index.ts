export { SnapshotService, DEFAULT_HELPER_IMAGE, summaryOf, type SnapshotServiceOptions } from './snapshot-service';
export { createSnapshotsHandlers } from './snapshots-handlers';
export { imageKind, type ImageKind } from './capture-plan';
export { nextRun, retentionVictims } from './snapshot-scheduler';
