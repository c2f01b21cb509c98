import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ArchiveEntry } from '../../src-shared/api';
import { writeArchive } from './archive-writer';
import type { QdrantApi } from './qdrant-api';

/**
 * Every collection through Qdrant's snapshot API: a snapshot made on Qdrant's side, downloaded as a
 * stream into the snapshot folder, then deleted on Qdrant's side so it does not fill its disk.
 */
export async function captureQdrant(
  api: QdrantApi,
  dir: string,
  folder: string,
  fileFor: (base: string, ext: string) => string,
  o: { onBytes?: (n: number) => void; signal?: AbortSignal },
): Promise<ArchiveEntry[]> {
  mkdirSync(join(dir, folder), { recursive: true, mode: 0o700 });
  const archives: ArchiveEntry[] = [];
  for (const collection of await api.collections()) {
    const snap = await api.createSnapshot(collection);
    try {
      const file = fileFor(`${folder}/${collection}`, '.snapshot');
      const stream = await api.download(collection, snap.name, o.signal);
      const written = await writeArchive(stream, join(dir, file), {
        gzip: false,
        ...(o.onBytes ? { onBytes: o.onBytes } : {}),
        ...(o.signal ? { signal: o.signal } : {}),
      });
      archives.push({ file, kind: 'qdrant-snapshot', sha256: written.sha256, bytes: written.bytes, name: collection });
    } finally {
      await api.deleteSnapshot(collection, snap.name).catch(() => undefined);
    }
  }
  return archives;
}

/**
 * Puts the collections back: each recovered from its uploaded snapshot (`priority=snapshot`, with its
 * SHA-256 for Qdrant to check), and each collection the snapshot did not have deleted.
 */
export async function recoverQdrant(api: QdrantApi, archives: ArchiveEntry[], dir: string): Promise<void> {
  const wanted = new Set(archives.map((a) => a.name ?? ''));
  for (const a of archives) await api.upload(a.name!, join(dir, a.file), a.sha256);
  for (const c of await api.collections()) if (!wanted.has(c)) await api.deleteCollection(c);
}
