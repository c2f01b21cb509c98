import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataFolder } from '../../src-shared/api';

/** The size of the app's data folder: every file under it, symlinks not followed. */
export async function measureDataFolder(path: string): Promise<DataFolder> {
  let bytes = 0;
  let files = 0;
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) {
        const info = await lstat(p).catch(() => undefined);
        if (info) {
          bytes += info.size;
          files++;
        }
      }
    }
  };
  await walk(path);
  return { path, bytes, files };
}
