import {
  chmodSync,
  createReadStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract, pack } from 'tar-fs';
import type { ArchiveEntry, SnapshotManifest } from '../../src-shared/api';
import { writeArchive } from './archive-writer';
import { seal } from './secrets-envelope';

export interface ConfigSources {
  /** The compose folder the stack is loaded from (its files, `.env`, config/). */
  templatesDir: string;
  /** The override file read after the templates, when it exists. */
  overrideFile: string;
  /** stack.env: the generated secrets. */
  secretsFile: string;
  secretNames: string[];
  /** Folders left out when they lie inside the templates folder: the app's home, snapshot folders. */
  exclude: string[];
}

/**
 * The stack's configuration in the snapshot: the templates folder as `config/templates.tar.gz`, the
 * override as `config/compose.override.yml`, and stack.env as `config/stack.env` (0600), or sealed
 * with the passphrase as `config/stack.env.sealed`.
 */
export async function captureConfig(
  dir: string,
  sources: ConfigSources,
  passphrase: string | undefined,
  signal?: AbortSignal,
): Promise<SnapshotManifest['config']> {
  mkdirSync(join(dir, 'config'), { mode: 0o700 });
  const files = listFiles(sources.templatesDir, sources.exclude);
  const skip = excluder(sources.exclude);
  const written = await writeArchive(
    pack(sources.templatesDir, { ignore: skip }),
    join(dir, 'config', 'templates.tar.gz'),
    {
      gzip: true,
      tar: true,
      ...(signal ? { signal } : {}),
    },
  );
  const templates = {
    file: 'config/templates.tar.gz',
    kind: 'tar.gz' as const,
    sha256: written.sha256,
    bytes: written.bytes,
    rawBytes: written.rawBytes,
    entries: written.tar?.entries ?? 0,
    files,
  };
  const override = existsSync(sources.overrideFile)
    ? await copyInto(dir, 'config/compose.override.yml', readFileSync(sources.overrideFile), 'file')
    : undefined;
  let secrets: NonNullable<SnapshotManifest['config']['secrets']> | undefined;
  if (existsSync(sources.secretsFile)) {
    const plain = readFileSync(sources.secretsFile);
    const entry = passphrase
      ? await copyInto(dir, 'config/stack.env.sealed', await seal(plain, passphrase), 'secrets-envelope')
      : await copyInto(dir, 'config/stack.env', plain, 'file');
    secrets = { ...entry, encrypted: Boolean(passphrase), names: [...sources.secretNames].sort() };
  }
  return { templates, ...(override ? { override } : {}), ...(secrets ? { secrets } : {}) };
}

async function copyInto(dir: string, file: string, content: Buffer, kind: ArchiveEntry['kind']): Promise<ArchiveEntry> {
  const written = await writeArchive(Readable.from([content]), join(dir, file), { gzip: false });
  return { file, kind, sha256: written.sha256, bytes: written.bytes };
}

/** Unpacks the snapshot's templates into a folder (a clone's own copy). */
export async function extractTemplates(snapshotDir: string, into: string): Promise<void> {
  mkdirSync(into, { recursive: true, mode: 0o700 });
  await pipeline(
    createReadStream(join(snapshotDir, 'config', 'templates.tar.gz')),
    createGunzip(),
    extract(into, { readable: true, writable: true }),
  );
}

/** Writes a private file (0600) through a temporary name. */
export function writePrivate(file: string, content: Buffer | string): void {
  writeFileSync(`${file}.tmp`, content, { mode: 0o600 });
  chmodSync(`${file}.tmp`, 0o600);
  renameSync(`${file}.tmp`, file);
}

/** Whether a path is one of these folders or inside one. */
function excluder(folders: string[]): (path: string) => boolean {
  const roots = folders.map((f) => resolve(f));
  return (path) => {
    const p = resolve(path);
    return roots.some((r) => p === r || p.startsWith(r + sep));
  };
}

/** The files of a folder, as paths relative to it with `/`, without the excluded folders. */
export function listFiles(root: string, exclude: string[] = []): string[] {
  const out: string[] = [];
  const skip = excluder(exclude);
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (skip(p)) continue;
      if (e.isDirectory()) walk(p);
      else out.push(relative(root, p).split(sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}
