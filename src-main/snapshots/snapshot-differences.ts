import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract } from 'tar-stream';
import type { SnapshotManifest } from '../../src-shared/api';
import { listFiles } from './config-capture';
import type { ProjectInventory } from './project-inventory';

const short = (id: string): string => id.replace(/^sha256:/, '').slice(0, 12);

/**
 * What differs between a snapshot and the stack it would be restored into, each said in one line:
 * the app's version, each service's image (by id: a tag that now points elsewhere counts), and the
 * template files.
 */
export async function differences(
  manifest: SnapshotManifest,
  snapshotDir: string,
  now: { appVersion: string; inventory: ProjectInventory; templatesDir: string; exclude: string[] },
): Promise<string[]> {
  const out: string[] = [];
  if (manifest.appVersion !== now.appVersion)
    out.push(`made by version ${manifest.appVersion} of the app; this is ${now.appVersion}`);
  for (const then of manifest.services) {
    const current = now.inventory.services.find((s) => s.service === then.service);
    if (!current || current.imageId === then.imageId) continue;
    out.push(
      `${then.service}: the snapshot was taken with ${then.image} (${short(then.imageId)}), the stack now runs ${current.image} (${short(current.imageId)})`,
    );
  }
  const changed = await templateChanges(snapshotDir, now.templatesDir, manifest.config.templates.files, now.exclude);
  if (changed.length)
    out.push(
      `templates changed since the snapshot: ${changed.slice(0, 8).join(', ')}${changed.length > 8 ? ` and ${changed.length - 8} more` : ''}`,
    );
  return out;
}

/** Template files whose content differs (or that were added or removed) since the snapshot. */
async function templateChanges(
  snapshotDir: string,
  templatesDir: string,
  files: string[],
  exclude: string[],
): Promise<string[]> {
  const then = new Map<string, string>();
  const reader = extract();
  reader.on('entry', (header, body, next) => {
    if (header.type !== 'file') {
      body.on('end', () => next());
      body.resume();
      return;
    }
    const hash = createHash('sha256');
    body.on('data', (c: Buffer) => hash.update(c));
    body.on('end', () => {
      then.set(header.name.replace(/^\.\//, ''), hash.digest('hex'));
      next();
    });
  });
  await pipeline(createReadStream(join(snapshotDir, 'config', 'templates.tar.gz')), createGunzip(), reader);
  const changed: string[] = [];
  for (const f of files) {
    let sum: string | undefined;
    try {
      sum = createHash('sha256')
        .update(readFileSync(join(templatesDir, f)))
        .digest('hex');
    } catch {
      sum = undefined;
    }
    if (sum === undefined) changed.push(`${f} (removed)`);
    else if (then.get(f) !== undefined && then.get(f) !== sum) changed.push(f);
  }
  let current: string[] = [];
  try {
    current = listFiles(templatesDir, exclude);
  } catch {
    current = [];
  }
  for (const f of current) if (!files.includes(f)) changed.push(`${f} (added)`);
  return changed;
}
