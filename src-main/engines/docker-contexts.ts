import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineEntry } from './engine-entry';

/**
 * The user's docker contexts (`docker context ls`), read from the docker CLI's store:
 * contexts/meta/<sha256 of the name>/meta.json, and the TLS files under contexts/tls/<same>/docker/.
 * The `default` context is the local engine and is not listed.
 */
export function readDockerContexts(configDir: string): EngineEntry[] {
  const metaDir = join(configDir, 'contexts', 'meta');
  let ids: string[];
  try {
    ids = readdirSync(metaDir);
  } catch {
    return [];
  }
  const entries: EngineEntry[] = [];
  for (const id of ids) {
    let meta: { Name?: unknown; Endpoints?: { docker?: { Host?: unknown } } };
    try {
      meta = JSON.parse(readFileSync(join(metaDir, id, 'meta.json'), 'utf8')) as typeof meta;
    } catch {
      continue;
    }
    const host = meta.Endpoints?.docker?.Host;
    if (typeof meta.Name !== 'string' || typeof host !== 'string' || !/^(ssh|tcp|unix):\/\//.test(host)) continue;
    const name = meta.Name.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 63);
    const tlsDir = join(configDir, 'contexts', 'tls', createHash('sha256').update(meta.Name).digest('hex'), 'docker');
    const tls = { ca: join(tlsDir, 'ca.pem'), cert: join(tlsDir, 'cert.pem'), key: join(tlsDir, 'key.pem') };
    entries.push({
      name,
      url: host,
      origin: 'context',
      ...(host.startsWith('tcp://') && existsSync(tls.ca) ? { tls } : {}),
    });
  }
  return entries.sort((a, b) => a.name.localeCompare(b.name));
}
