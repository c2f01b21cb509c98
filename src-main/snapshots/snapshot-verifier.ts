import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { ArchiveEntry, SnapshotManifest, VerifyReport } from '../../src-shared/api';
import { hashFile } from './archive-writer';

/** Every file the manifest names, with its checksum. */
export function manifestFiles(m: SnapshotManifest): ArchiveEntry[] {
  return [
    m.config.templates,
    ...(m.config.override ? [m.config.override] : []),
    ...(m.config.secrets ? [m.config.secrets] : []),
    ...m.volumes.flatMap((v) => v.archives),
  ];
}

/**
 * Reads every file of a snapshot and compares its size and SHA-256 with the manifest's. Nothing is
 * restored from a snapshot that does not pass this first.
 */
export async function verifyFiles(
  dir: string,
  manifest: SnapshotManifest,
  signal?: AbortSignal,
): Promise<VerifyReport> {
  const files: VerifyReport['files'] = [];
  for (const entry of manifestFiles(manifest)) {
    const path = join(dir, entry.file);
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      files.push({ file: entry.file, ok: false, problem: 'missing' });
      continue;
    }
    if (size !== entry.bytes) {
      files.push({ file: entry.file, ok: false, problem: `${size} bytes where the manifest says ${entry.bytes}` });
      continue;
    }
    const { sha256 } = await hashFile(path, signal);
    files.push(
      sha256 === entry.sha256
        ? { file: entry.file, ok: true }
        : {
            file: entry.file,
            ok: false,
            problem: `SHA-256 ${sha256.slice(0, 12)}… where the manifest says ${entry.sha256.slice(0, 12)}…`,
          },
    );
  }
  return { id: manifest.id, ok: files.every((f) => f.ok), checkedAt: new Date().toISOString(), files };
}

/** The first problems of a failed verification, in one line. */
export function describeFailures(report: VerifyReport): string {
  const bad = report.files.filter((f) => !f.ok);
  return bad
    .slice(0, 3)
    .map((f) => `${f.file}: ${f.problem}`)
    .concat(bad.length > 3 ? [`and ${bad.length - 3} more`] : [])
    .join('; ');
}
