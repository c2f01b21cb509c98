import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { SnapshotManifest, SnapshotProgress, VolumeEntry } from '../../src-shared/api';
import type { MaintenanceHolds } from '../maintenance';
import { writeArchive, type WrittenFile } from './archive-writer';
import type { Plan, PlannedService } from './capture-plan';
import { captureConfig, type ConfigSources } from './config-capture';
import type { HelperContainers } from './helper-containers';
import { writeManifest } from './manifest-file';
import { dumpNeo4j, NEO4J_DATABASES } from './neo4j-method';
import { dumpPostgres } from './postgres-method';
import { captureQdrant } from './qdrant-capture';
import type { InventoryVolume } from './project-inventory';
import { quiesceRedis, resumeRedis } from './redis-method';
import type { SnapshotStore } from './snapshot-store';
import { withServicesStopped, type EventSink } from './stop-window';

export interface CreatorDeps {
  docker: Docker;
  helpers: HelperContainers;
  store: SnapshotStore;
  holds: MaintenanceHolds;
  events: EventSink;
  config: ConfigSources;
  appVersion: string;
  engineVersion: () => Promise<{ version: string; apiVersion: string }>;
  /** Ollama's models (names and digests); rejects when Ollama cannot be reached. */
  listModels?: () => Promise<{ name: string; digest: string; sizeBytes: number }[]>;
  progress: (p: Omit<SnapshotProgress, 'operation' | 'operationId' | 'project' | 'snapshotId' | 'time'>) => void;
}

export interface CreateRequest {
  id: string;
  folder: string;
  label?: string;
  trigger: 'manual' | 'schedule';
  passphrase?: string;
  includeModelWeights: boolean;
  signal: AbortSignal;
}

/**
 * Writes one snapshot from a plan: configuration, the model list, then each service's data by its
 * method (database tools first, which need no stop; then stop windows one service at a time), then
 * volumes no service mounts, then the manifest; only then is the folder renamed to its id. Any
 * failure or cancel removes what was written and leaves every service running as it was.
 */
export async function createSnapshot(deps: CreatorDeps, plan: Plan, req: CreateRequest): Promise<string> {
  const project = plan.inventory.project;
  const createdAt = new Date().toISOString();
  const partial = deps.store.begin(req.folder, req.id);
  const dir = partial.dir;
  const reason = `snapshot ${req.id}`;
  const bytesTotal = [...plan.services.flatMap((s) => s.volumes), ...plan.otherVolumes].reduce(
    (a, v) => a + (plan.sizes.get(v.name) ?? 0),
    0,
  );
  let bytesDone = 0;
  const methods = new Map(plan.services.map((s) => [s.service.service, s.method as string]));
  const tick = (n: number, service?: string, volume?: string): void => {
    bytesDone += n;
    deps.progress({
      phase: 'capturing',
      bytesDone,
      bytesTotal: Math.max(bytesTotal, bytesDone),
      message: (service && methods.get(service)) ?? 'offline',
      ...(service ? { service } : {}),
      ...(volume ? { volume } : {}),
    });
  };
  const say = (phase: SnapshotProgress['phase'], message: string, service?: string): void =>
    deps.progress({ phase, bytesDone, bytesTotal, message, ...(service ? { service } : {}) });
  try {
    mkdirSync(join(dir, 'volumes'), { mode: 0o700 });
    mkdirSync(join(dir, 'services'), { mode: 0o700 });
    say('configuration', 'templates, override and stack.env');
    const config = await captureConfig(dir, deps.config, req.passphrase, req.signal);
    const models = await listModels(deps, req.includeModelWeights);
    const files = new FileNames();
    const volumes: VolumeEntry[] = [];
    const downtime: Record<string, number> = {};
    const notes: Record<string, string> = {};

    const archiveVolume = async (v: InventoryVolume, ps: PlannedService | undefined): Promise<VolumeEntry> => {
      req.signal.throwIfAborted();
      const file = files.take(`volumes/${v.key}`, '.tar.gz');
      const { stream, release } = await deps.helpers.readVolume(v.name);
      let written: WrittenFile;
      try {
        written = await writeArchive(stream, join(dir, file), {
          gzip: true,
          tar: true,
          onBytes: (n) => tick(n, ps?.service.service, v.name),
          signal: req.signal,
        });
      } finally {
        await release();
      }
      return {
        ...volumeBase(v, ps, plan),
        method: ps?.method ?? 'offline',
        archives: [
          {
            file,
            kind: 'tar.gz',
            sha256: written.sha256,
            bytes: written.bytes,
            rawBytes: written.rawBytes,
            entries: written.tar?.entries ?? 0,
          },
        ],
        ...(written.tar?.root ? { root: written.tar.root } : {}),
      };
    };

    for (const ps of plan.services.filter((s) => NATIVE_LIVE.has(s.method))) {
      say('capturing', ps.method, ps.service.service);
      deps.holds.hold(project, [ps.service.service], reason);
      try {
        volumes.push(...(await captureNative(deps, ps, dir, files, archiveVolume, plan, tick, req.signal)));
      } finally {
        deps.holds.release(project, [ps.service.service]);
      }
    }
    for (const ps of plan.services.filter((s) => s.method === 'stop' || s.method === 'neo4j-dump')) {
      say('stopping', `stopping ${ps.stops.join(', ')}`, ps.service.service);
      const window = await withServicesStopped(deps, plan.inventory, ps.stops, reason, async () => {
        say('capturing', ps.method, ps.service.service);
        if (ps.method === 'neo4j-dump')
          return dumpNeo4jVolumes(deps, ps, dir, files, archiveVolume, plan, tick, req.signal);
        const out: VolumeEntry[] = [];
        for (const v of ps.volumes) out.push(await archiveVolume(v, ps));
        return out;
      });
      volumes.push(...window.value);
      Object.assign(downtime, window.downtimeMs);
      for (const n of window.notStarted) notes[n.service] = `did not start again: ${n.error}`;
    }
    for (const ps of plan.services.filter((s) => s.method === 'live' || s.method === 'offline'))
      for (const v of ps.volumes) volumes.push(await archiveVolume(v, ps));
    for (const v of plan.otherVolumes) volumes.push(await archiveVolume(v, undefined));
    for (const { volume, reason: why } of plan.skipped)
      volumes.push({ ...volumeBase(volume, undefined, plan), method: 'offline', archives: [], skipped: why });

    req.signal.throwIfAborted();
    say('finishing', 'writing the manifest');
    const planned = new Map(plan.services.map((s) => [s.service.service, s]));
    const engine = await deps.engineVersion();
    const archiveBytes =
      volumes.reduce((a, v) => a + v.archives.reduce((b, x) => b + x.bytes, 0), 0) +
      config.templates.bytes +
      (config.override?.bytes ?? 0) +
      (config.secrets?.bytes ?? 0);
    const manifest: SnapshotManifest = {
      format: 1,
      id: req.id,
      project,
      ...(req.label ? { label: req.label } : {}),
      trigger: req.trigger,
      createdAt,
      completedAt: new Date().toISOString(),
      appVersion: deps.appVersion,
      hostname: hostname(),
      engine,
      services: plan.inventory.services.map((s) => {
        const p = planned.get(s.service);
        const skippedHere = plan.skipped.some((k) => k.volume.services[0] === s.service);
        return {
          service: s.service,
          image: s.image,
          imageId: s.imageId,
          repoDigests: s.repoDigests,
          state: s.state,
          method: p?.method ?? 'none',
          volumes: (p?.volumes ?? []).map((v) => v.key),
          ...(downtime[s.service] !== undefined ? { downtimeMs: downtime[s.service] } : {}),
          ...(notes[s.service]
            ? { note: notes[s.service] }
            : skippedHere
              ? { note: 'model weights not included' }
              : {}),
        };
      }),
      volumes,
      models,
      config,
      totals: {
        archiveBytes,
        dataBytes: volumes.reduce((a, v) => a + v.archives.reduce((b, x) => b + (x.rawBytes ?? x.bytes), 0), 0),
      },
    };
    writeManifest(dir, manifest);
    return partial.complete();
  } catch (err) {
    partial.abandon();
    throw err;
  }
}

const NATIVE_LIVE = new Set(['pg_dumpall', 'redis-bgsave', 'qdrant-snapshot']);

type ArchiveVolume = (v: InventoryVolume, ps: PlannedService | undefined) => Promise<VolumeEntry>;
type Tick = (n: number, service?: string, volume?: string) => void;

/** The database tools that work while the service runs. */
async function captureNative(
  deps: CreatorDeps,
  ps: PlannedService,
  dir: string,
  files: FileNames,
  archiveVolume: ArchiveVolume,
  plan: Plan,
  tick: Tick,
  signal: AbortSignal,
): Promise<VolumeEntry[]> {
  const svc = ps.service;
  const [main, ...rest] = ps.volumes;
  const out: VolumeEntry[] = [];
  if (ps.method === 'pg_dumpall') {
    const file = files.take(`services/${svc.service}/pg_dumpall`, '.sql.gz');
    mkdirSync(join(dir, 'services', svc.service), { recursive: true, mode: 0o700 });
    const written = await dumpPostgres(deps.docker, { id: svc.containerId, env: svc.env }, join(dir, file), {
      onBytes: (n) => tick(n, svc.service),
      signal,
    });
    out.push({
      ...volumeBase(main!, ps, plan),
      method: 'pg_dumpall',
      archives: [{ file, kind: 'sql.gz', sha256: written.sha256, bytes: written.bytes, rawBytes: written.rawBytes }],
    });
    // Other volumes of the service (rare) are archived as they are.
    for (const v of rest) out.push({ ...(await archiveVolume(v, ps)), method: 'live' });
  } else if (ps.method === 'redis-bgsave') {
    const container = { id: svc.containerId, env: svc.env, cmd: svc.cmd };
    const quiet = await quiesceRedis(deps.docker, container, signal);
    if (quiet.resume)
      deps.holds.markUndo(plan.inventory.project, svc.service, { method: 'redis-bgsave', args: quiet.resume });
    try {
      for (const v of ps.volumes) out.push(await archiveVolume(v, ps));
    } finally {
      await resumeRedis(deps.docker, container, quiet.resume);
      deps.holds.markUndo(plan.inventory.project, svc.service, undefined);
    }
  } else if (ps.method === 'qdrant-snapshot' && ps.qdrant) {
    const archives = await captureQdrant(
      ps.qdrant,
      dir,
      `services/${svc.service}`,
      (base, ext) => files.take(base, ext),
      {
        onBytes: (n) => tick(n, svc.service),
        signal,
      },
    );
    out.push({ ...volumeBase(main!, ps, plan), method: 'qdrant-snapshot', archives });
    for (const v of rest) out.push({ ...(await archiveVolume(v, ps)), method: 'live' });
  }
  return out;
}

/** Neo4j stopped: each database dumped with neo4j-admin from its data volume; other volumes archived. */
async function dumpNeo4jVolumes(
  deps: CreatorDeps,
  ps: PlannedService,
  dir: string,
  files: FileNames,
  archiveVolume: ArchiveVolume,
  plan: Plan,
  tick: Tick,
  signal: AbortSignal,
): Promise<VolumeEntry[]> {
  const svc = ps.service;
  const data =
    ps.volumes.find((v) => svc.mounts.some((m) => m.volume === v.name && m.target === '/data')) ?? ps.volumes[0]!;
  const mountPath = svc.mounts.find((m) => m.volume === data.name)!.target;
  mkdirSync(join(dir, 'services', svc.service), { recursive: true, mode: 0o700 });
  const archives: VolumeEntry['archives'] = [];
  for (const database of NEO4J_DATABASES) {
    const file = files.take(`services/${svc.service}/${database}`, '.dump');
    const written = await dumpNeo4j(
      deps.helpers,
      { image: svc.image, env: svc.env, volume: data.name, mountPath },
      database,
      join(dir, file),
      { onBytes: (n) => tick(n, svc.service), signal },
    );
    archives.push({ file, kind: 'neo4j-dump', sha256: written.sha256, bytes: written.bytes, name: database });
  }
  const out: VolumeEntry[] = [{ ...volumeBase(data, ps, plan), method: 'neo4j-dump', archives }];
  for (const v of ps.volumes.filter((x) => x !== data)) out.push({ ...(await archiveVolume(v, ps)), method: 'stop' });
  return out;
}

function volumeBase(v: InventoryVolume, ps: PlannedService | undefined, plan: Plan) {
  const mountPath = ps?.service.mounts.find((m) => m.volume === v.name)?.target;
  return {
    key: v.key,
    name: v.name,
    driver: v.driver,
    ...(ps ? { service: ps.service.service } : {}),
    ...(mountPath ? { mountPath } : {}),
    sizeBytes: plan.sizes.get(v.name) ?? 0,
  };
}

async function listModels(deps: CreatorDeps, weightsIncluded: boolean): Promise<SnapshotManifest['models']> {
  if (!deps.listModels) return { listed: false, error: 'no Ollama is known to this app', weightsIncluded, items: [] };
  try {
    return { listed: true, weightsIncluded, items: await deps.listModels() };
  } catch (err) {
    return { listed: false, error: (err as Error).message.slice(0, 500), weightsIncluded, items: [] };
  }
}

/** Characters a file inside the snapshot may have. */
export function safeName(s: string): string {
  return (
    s
      .replace(/[^A-Za-z0-9_.@+-]/g, '_')
      .replace(/^[^A-Za-z0-9_]/, '_')
      .slice(0, 100) || '_'
  );
}

/** Unique file names inside one snapshot. */
class FileNames {
  private readonly taken = new Set<string>();

  take(base: string, ext: string): string {
    const [folder, name] = [base.slice(0, base.lastIndexOf('/')), safeName(base.slice(base.lastIndexOf('/') + 1))];
    for (let n = 1; ; n++) {
      const file = `${folder}/${name}${n === 1 ? '' : `-${n}`}${ext}`;
      if (!this.taken.has(file)) {
        this.taken.add(file);
        return file;
      }
    }
  }
}
