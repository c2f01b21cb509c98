import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import type Docker from 'dockerode';
import type { VolumeEntry } from '../../src-shared/api';
import { HELPER_LABEL, type HelperContainers } from './helper-containers';
import { loadNeo4j } from './neo4j-method';
import { loadPostgres } from './postgres-method';

/** The service a volume is prepared for: its image and environment run the database's own loader. */
export interface ServiceRuntime {
  image: string;
  env: string[];
  mountPath: string;
}

export interface PrepareDeps {
  docker: Docker;
  helpers: HelperContainers;
  project: string;
  labels: Record<string, string>;
}

/** Whether a volume's data comes back by writing a volume (or through the service's API once it runs). */
export function restoredThroughApi(entry: VolumeEntry): boolean {
  return entry.method === 'qdrant-snapshot';
}

/** Creates an empty volume for a restore: a staging volume, or a clone's volume with its compose labels. */
export async function createVolume(
  docker: Docker,
  name: string,
  driver: string,
  labels: Record<string, string>,
): Promise<void> {
  await docker.createVolume({ Name: name, Driver: driver || 'local', Labels: labels });
}

/**
 * Fills an empty volume with a snapshot's data for one volume entry: a tar archive through the
 * engine's archive endpoint (then the volume's own folder gets its mode and owner back, which the
 * endpoint does not restore); a pg_dumpall file through a temporary PostgreSQL of the service's
 * image; neo4j-admin dumps through its own image.
 */
export async function prepareVolume(
  deps: PrepareDeps,
  snapshotDir: string,
  entry: VolumeEntry,
  volume: string,
  runtime: ServiceRuntime | undefined,
  signal?: AbortSignal,
): Promise<void> {
  if (entry.archives.length === 0 || restoredThroughApi(entry)) return;
  const first = entry.archives[0]!;
  if (first.kind === 'tar.gz') {
    await deps.helpers.writeVolume(volume, createReadStream(join(snapshotDir, first.file)).pipe(createGunzip()));
    if (entry.root) {
      const { mode, uid, gid } = entry.root;
      const r = await deps.helpers.run(
        `chown ${uid}:${gid} /v && chmod ${(mode & 0o7777).toString(8)} /v`,
        [{ volume, target: '/v' }],
        signal,
      );
      if (r.exitCode !== 0) throw new Error(`could not set the owner of ${volume}: ${r.output}`);
    }
    return;
  }
  if (!runtime)
    throw new Error(`${entry.key} was captured with ${entry.method}, which needs its service's image to load`);
  if (first.kind === 'sql.gz') {
    await loadPostgres(deps.docker, {
      image: runtime.image,
      env: runtime.env,
      volume,
      mountPath: entry.mountPath ?? runtime.mountPath,
      dumpFile: join(snapshotDir, first.file),
      labels: deps.labels,
      project: deps.project,
      ...(signal ? { signal } : {}),
    });
    return;
  }
  if (first.kind === 'neo4j-dump') {
    for (const a of entry.archives)
      await loadNeo4j(
        deps.helpers,
        { image: runtime.image, env: runtime.env, volume, mountPath: entry.mountPath ?? runtime.mountPath },
        a.name ?? 'neo4j',
        join(snapshotDir, a.file),
      );
    return;
  }
  throw new Error(`${entry.key}: an archive of kind ${first.kind} cannot be written to a volume`);
}

/** Staging volumes of a project left by an interrupted restore or clone, by their label. */
export async function stagingVolumes(docker: Docker, project: string): Promise<string[]> {
  const list = await docker.listVolumes({ filters: JSON.stringify({ label: [`${HELPER_LABEL}=${project}`] }) });
  return (list.Volumes ?? []).map((v) => v.Name);
}
