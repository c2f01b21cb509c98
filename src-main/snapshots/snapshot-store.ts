import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { ApiError, type SnapshotManifest } from '../../src-shared/api';
import { SNAPSHOT_ID, snapshotManifest } from '../../src-shared/api/features/snapshot-model';
import { currentOwner, ownerAlive, type ProcessOwner } from '../maintenance';

export const MANIFEST_FILE = 'manifest.json';
const VERIFIED_FILE = 'verified.json';
const PARTIAL = '.partial-';

export interface StoredSnapshot {
  id: string;
  folder: string;
  dir: string;
  manifest: SnapshotManifest;
  verified?: { at: string; ok: boolean };
}

export interface PartialSnapshot {
  /** Where it is being written (a dot-folder, never taken for a snapshot). */
  dir: string;
  /** Renames it to its id: only now does it look complete. */
  complete(): string;
  /** Removes what was written. */
  abandon(): void;
}

/**
 * Snapshots as folders: `<folder>/<id>/` holds `manifest.json` and the files it names. A snapshot is
 * written in `<folder>/.partial-<id>/` and renamed when its manifest is written, so one that was
 * cancelled, failed or killed never looks complete; the next start removes such leftovers of
 * processes that are gone.
 */
export class SnapshotStore {
  /** `folders` are read at each call: the default folder first, then any the user chose. */
  constructor(private readonly folders: () => string[]) {}

  /** A new id for the project, unique in the folder: `<project>-<yyyymmdd>-<hhmmss>[-n]` (UTC). */
  newId(project: string, folder: string, at = new Date()): string {
    const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
    for (let n = 1; n < 1000; n++) {
      const id = n === 1 ? `${project}-${stamp}` : `${project}-${stamp}-${n}`;
      if (!existsSync(join(folder, id)) && !existsSync(join(folder, `${PARTIAL}${id}`))) return id;
    }
    throw new ApiError('CONFLICT', `Too many snapshots of ${project} in the same second`);
  }

  /** Checks a folder the user chose: absolute, a folder (made if missing), writable. */
  prepareFolder(folder: string): string {
    if (!isAbsolute(folder)) throw new ApiError('INVALID_INPUT', `destination: ${folder} is not an absolute path`);
    const dir = resolve(folder);
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      if (!statSync(dir).isDirectory()) throw new Error('not a folder');
      accessSync(dir, constants.W_OK);
    } catch (err) {
      throw new ApiError(
        'INVALID_INPUT',
        `destination: ${dir} cannot hold snapshots (${(err as Error).message})`,
        'Choose a folder you can write to, such as one on an external disk or a network share that is mounted.',
      );
    }
    return dir;
  }

  begin(folder: string, id: string): PartialSnapshot {
    const dir = join(folder, `${PARTIAL}${id}`);
    mkdirSync(dir, { mode: 0o700 });
    writeFileSync(join(dir, 'owner.json'), JSON.stringify(currentOwner()), { mode: 0o600 });
    return {
      dir,
      complete: () => {
        rmSync(join(dir, 'owner.json'), { force: true });
        const final = join(folder, id);
        renameSync(dir, final);
        return final;
      },
      abandon: () => rmSync(dir, { recursive: true, force: true }),
    };
  }

  /** Every complete snapshot in the folders, newest first; folders or manifests that cannot be read are skipped. */
  list(): StoredSnapshot[] {
    const out: StoredSnapshot[] = [];
    for (const folder of this.uniqueFolders()) {
      let names: string[];
      try {
        names = readdirSync(folder);
      } catch {
        continue;
      }
      for (const id of names) {
        if (!SNAPSHOT_ID.test(id)) continue;
        const found = this.read(folder, id);
        if (found) out.push(found);
      }
    }
    return out.sort((a, b) => b.manifest.createdAt.localeCompare(a.manifest.createdAt) || b.id.localeCompare(a.id));
  }

  find(id: string): StoredSnapshot {
    for (const folder of this.uniqueFolders()) {
      if (!existsSync(join(folder, id))) continue;
      const manifest = this.readManifest(join(folder, id));
      return { id, folder, dir: join(folder, id), manifest, ...this.verification(join(folder, id)) };
    }
    throw new ApiError('NOT_FOUND', `No snapshot ${id} in ${this.uniqueFolders().join(' or ')}`);
  }

  /** The manifest, checked against its schema: a damaged one is named with what is wrong. */
  readManifest(dir: string): SnapshotManifest {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8'));
    } catch (err) {
      throw new ApiError('INVALID_INPUT', `${join(dir, MANIFEST_FILE)} cannot be read: ${(err as Error).message}`);
    }
    const parsed = snapshotManifest.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ApiError(
        'INVALID_INPUT',
        `${join(dir, MANIFEST_FILE)}: ${issue.path.join('.') || '(top)'}: ${issue.message}`,
        'The manifest was changed or damaged; this snapshot cannot be restored as it is.',
      );
    }
    return parsed.data;
  }

  recordVerification(dir: string, ok: boolean, at: string): void {
    writeFileSync(join(dir, VERIFIED_FILE), JSON.stringify({ at, ok }), { mode: 0o600 });
  }

  remove(id: string): string {
    const found = this.find(id);
    rmSync(found.dir, { recursive: true, force: true });
    return found.dir;
  }

  /** Removes the partial folders of processes that are gone; returns their ids. */
  removeAbandoned(): string[] {
    const removed: string[] = [];
    for (const folder of this.uniqueFolders()) {
      let names: string[];
      try {
        names = readdirSync(folder);
      } catch {
        continue;
      }
      for (const name of names.filter((n) => n.startsWith(PARTIAL))) {
        const dir = join(folder, name);
        let owner: ProcessOwner | undefined;
        try {
          owner = JSON.parse(readFileSync(join(dir, 'owner.json'), 'utf8')) as ProcessOwner;
        } catch {
          owner = undefined;
        }
        if (owner && ownerAlive(owner)) continue;
        rmSync(dir, { recursive: true, force: true });
        removed.push(name.slice(PARTIAL.length));
      }
    }
    return removed;
  }

  private read(folder: string, id: string): StoredSnapshot | undefined {
    const dir = join(folder, id);
    try {
      return { id, folder, dir, manifest: this.readManifest(dir), ...this.verification(dir) };
    } catch {
      return undefined;
    }
  }

  private verification(dir: string): { verified?: { at: string; ok: boolean } } {
    try {
      const v = JSON.parse(readFileSync(join(dir, VERIFIED_FILE), 'utf8')) as { at: string; ok: boolean };
      return typeof v.at === 'string' && typeof v.ok === 'boolean' ? { verified: v } : {};
    } catch {
      return {};
    }
  }

  private uniqueFolders(): string[] {
    return [...new Set(this.folders().map((f) => resolve(f)))];
  }
}
