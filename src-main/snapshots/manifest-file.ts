import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { SnapshotManifest } from '../../src-shared/api';
import { snapshotManifest } from '../../src-shared/api/features/snapshot-model';
import { MANIFEST_FILE } from './snapshot-store';

/** Writes the manifest (checked against its schema first) and flushes it: the last file of a snapshot. */
export function writeManifest(dir: string, manifest: SnapshotManifest): void {
  const checked = snapshotManifest.parse(manifest);
  const fd = openSync(join(dir, MANIFEST_FILE), 'wx', 0o600);
  try {
    writeSync(fd, JSON.stringify(checked, null, 2) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
