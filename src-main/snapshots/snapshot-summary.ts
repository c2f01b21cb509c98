import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError, type SnapshotManifest, type SnapshotSummary, type VerifyReport } from '../../src-shared/api';
import { open } from './secrets-envelope';
import type { StoredSnapshot } from './snapshot-store';
import { describeFailures } from './snapshot-verifier';

/** A snapshot as the list shows it. */
export function summaryOf(s: Pick<StoredSnapshot, 'id' | 'folder' | 'manifest' | 'verified'>): SnapshotSummary {
  const m: SnapshotManifest = s.manifest;
  return {
    id: s.id,
    project: m.project,
    ...(m.label ? { label: m.label } : {}),
    trigger: m.trigger,
    createdAt: m.createdAt,
    folder: s.folder,
    appVersion: m.appVersion,
    archiveBytes: m.totals.archiveBytes,
    dataBytes: m.totals.dataBytes,
    services: m.services.filter((x) => x.method !== 'none').map((x) => ({ service: x.service, method: x.method })),
    secretsEncrypted: Boolean(m.config.secrets?.encrypted),
    models: m.models.items.length,
    weightsIncluded: m.models.weightsIncluded,
    ...(s.verified ? { verified: s.verified } : {}),
  };
}

/** Nothing is restored or cloned from a snapshot whose files do not match its manifest. */
export function requireVerified(report: VerifyReport): void {
  if (!report.ok)
    throw new ApiError(
      'INVALID_INPUT',
      `${report.id} failed verification: ${describeFailures(report)}. Nothing was changed.`,
      'Its files were changed or damaged since it was made; restore another snapshot.',
    );
}

/** The snapshot's stack.env, opened with the passphrase when it is sealed. */
export async function openSecrets(stored: StoredSnapshot, passphrase: string | undefined): Promise<Buffer | undefined> {
  const entry = stored.manifest.config.secrets;
  if (!entry) return undefined;
  const content = readFileSync(join(stored.dir, entry.file));
  if (!entry.encrypted) return content;
  if (!passphrase)
    throw new ApiError(
      'INVALID_INPUT',
      `passphrase: ${stored.id} keeps stack.env encrypted`,
      'Give the passphrase set when it was made.',
    );
  return open(content, passphrase, `stack.env of ${stored.id}`);
}
