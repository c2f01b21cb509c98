import type Docker from 'dockerode';
import type { CaptureMethod, CaptureOptions, MethodChoice } from '../../src-shared/api';
import { execText } from './exec-stream';
import type { HelperContainers } from './helper-containers';
import {
  envValue,
  runningDependents,
  type InventoryService,
  type InventoryVolume,
  type ProjectInventory,
} from './project-inventory';
import { QdrantApi } from './qdrant-api';

/** The databases whose own tools make a consistent copy, told by the image's name. */
export type ImageKind = 'postgres' | 'redis' | 'qdrant' | 'neo4j' | 'ollama';

const KINDS: [RegExp, ImageKind][] = [
  [/^(postgres|postgis|pgvector|timescaledb(-ha)?)$/, 'postgres'],
  [/^(redis|redis-stack-server|valkey)$/, 'redis'],
  [/^qdrant$/, 'qdrant'],
  [/^neo4j(-enterprise)?$/, 'neo4j'],
  [/^ollama$/, 'ollama'],
];

/** `docker.io/library/postgres:16.4-alpine@sha256:…` → `postgres`: the repository's last part. */
export function imageKind(image: string): ImageKind | undefined {
  const repo = image.split('@')[0]!.replace(/:[^/:]*$/, '');
  const name = repo.slice(repo.lastIndexOf('/') + 1);
  return KINDS.find(([re]) => re.test(name))?.[1];
}

export interface PlannedService {
  service: InventoryService;
  method: CaptureMethod;
  choices: MethodChoice[];
  reason: string;
  /** Services stopped with it, in the order they are stopped (for `stop` and `neo4j-dump`). */
  stops: string[];
  /** The volumes whose data is this service's. */
  volumes: InventoryVolume[];
  /** Where its Qdrant answers (for `qdrant-snapshot`). */
  qdrant?: QdrantApi;
}

export interface Plan {
  inventory: ProjectInventory;
  services: PlannedService[];
  /** Volumes no container mounts: archived as they are. */
  otherVolumes: InventoryVolume[];
  skipped: { volume: InventoryVolume; reason: string }[];
  /** Disk usage per volume name (0 when the helper image is not there yet to measure it). */
  sizes: Map<string, number>;
}

/**
 * Decides, per service that has data, how it is captured: its database's own tool when the image
 * has it (checked in the running container), else a brief stop of it and what depends on it; `live`
 * only when asked. A service that is not running is archived as it is. Ollama's model files are left
 * out unless asked for (they can be pulled again).
 */
export async function planCapture(
  docker: Docker,
  helpers: HelperContainers,
  inventory: ProjectInventory,
  options: CaptureOptions,
): Promise<Plan> {
  const services: PlannedService[] = [];
  const skipped: Plan['skipped'] = [];
  const owned = new Set<string>();
  for (const svc of inventory.services) {
    // A volume belongs to the first service (by name) that mounts it.
    const volumes = inventory.volumes.filter((v) => v.services[0] === svc.service);
    if (volumes.length === 0) continue;
    volumes.forEach((v) => owned.add(v.name));
    const kind = imageKind(svc.image);
    if (kind === 'ollama' && !options.includeModelWeights) {
      for (const v of volumes) skipped.push({ volume: v, reason: 'model weights (their names and digests are kept)' });
      continue;
    }
    services.push(await chooseMethod(docker, inventory, svc, volumes, kind, options.methods?.[svc.service] ?? 'auto'));
  }
  const otherVolumes = inventory.volumes.filter((v) => !owned.has(v.name));
  const sizes = (await helpers.present()) ? await measure(helpers, inventory.volumes) : new Map<string, number>();
  return { inventory, services, otherVolumes, skipped, sizes };
}

async function chooseMethod(
  docker: Docker,
  inventory: ProjectInventory,
  svc: InventoryService,
  volumes: InventoryVolume[],
  kind: ImageKind | undefined,
  choice: MethodChoice,
): Promise<PlannedService> {
  const base = { service: svc, volumes, stops: [] as string[] };
  const stopSet = (): string[] => {
    const writers = inventory.services
      .filter((s) => s.running && s.service !== svc.service)
      .filter((s) => s.mounts.some((m) => !m.readOnly && volumes.some((v) => v.name === m.volume)))
      .map((s) => s.service);
    return [...new Set([...runningDependents(inventory, svc.service), ...writers, svc.service])];
  };
  if (!svc.running) {
    return { ...base, method: 'offline', choices: [], reason: `not running (${svc.state}): archived as it is` };
  }
  const choices: MethodChoice[] = ['auto', 'stop', 'live'];
  if (choice === 'live')
    return {
      ...base,
      method: 'live',
      choices,
      reason: 'archived while it runs, as you chose (no consistency guarantee)',
    };
  const stopReason = (why: string) => {
    const stops = stopSet();
    const others = stops.filter((s) => s !== svc.service);
    return {
      ...base,
      method: 'stop' as const,
      choices,
      stops,
      reason: `${why}stopped while its volumes are archived${others.length ? `, after ${others.join(', ')} (${others.length === 1 ? 'it depends' : 'they depend'} on it or ${others.length === 1 ? 'writes' : 'write'} there)` : ''}, then started again once ready`,
    };
  };
  if (choice === 'stop') return stopReason('as you chose: ');
  const has = async (cmd: string[]) =>
    (await execText(docker, svc.containerId, { cmd }).catch(() => ({ exitCode: -1 }))).exitCode === 0;
  if (kind === 'postgres') {
    if (await has(['pg_dumpall', '--version']))
      return { ...base, method: 'pg_dumpall', choices, reason: 'pg_dumpall while it runs (a consistent SQL dump)' };
    return stopReason('pg_dumpall is not in its image: ');
  }
  if (kind === 'redis') {
    if (await has(['redis-cli', '--version']))
      return {
        ...base,
        method: 'redis-bgsave',
        choices,
        reason: 'BGSAVE while it runs, then its files are copied (AOF rewrites paused meanwhile)',
      };
    return stopReason('redis-cli is not in its image: ');
  }
  if (kind === 'qdrant') {
    const api = qdrantApiOf(svc);
    const reachable = api ? await api.ready().catch((err: Error) => err.message) : 'port 6333 is not published';
    if (api && reachable === true)
      return {
        ...base,
        method: 'qdrant-snapshot',
        choices,
        reason: "Qdrant's snapshot API, per collection",
        qdrant: api,
      };
    return stopReason(`Qdrant's API cannot be reached (${String(reachable)}): `);
  }
  if (kind === 'neo4j') {
    if (await has(['neo4j-admin', '--version'])) {
      const stops = stopSet();
      return {
        ...base,
        method: 'neo4j-dump',
        choices,
        stops,
        reason: 'neo4j-admin database dump of neo4j and system (the database must be stopped: it is, briefly)',
      };
    }
    return stopReason('neo4j-admin is not in its image: ');
  }
  return stopReason('');
}

/** Qdrant's HTTP API at the port the engine publishes for 6333, with the service's API key. */
export function qdrantApiOf(svc: InventoryService): QdrantApi | undefined {
  const bind = svc.ports['6333/tcp']?.[0];
  if (!bind?.hostPort) return undefined;
  const host = !bind.hostIp || bind.hostIp === '0.0.0.0' ? '127.0.0.1' : bind.hostIp === '::' ? '[::1]' : bind.hostIp;
  const key = envValue(svc.env, 'QDRANT__SERVICE__API_KEY');
  return new QdrantApi(
    `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${bind.hostPort}`,
    key,
  );
}

/** Disk usage of every volume, in one helper run (`du -sk`). */
async function measure(helpers: HelperContainers, volumes: InventoryVolume[]): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  if (volumes.length === 0) return sizes;
  const { exitCode, output } = await helpers.run(
    'for d in /v/*; do du -sk "$d"; done',
    volumes.map((v, i) => ({ volume: v.name, target: `/v/${i}`, readOnly: true })),
  );
  if (exitCode !== 0) return sizes;
  for (const line of output.split('\n')) {
    const m = /^(\d+)\s+\/v\/(\d+)$/.exec(line.trim());
    const v = m ? volumes[Number(m[2])] : undefined;
    if (v) sizes.set(v.name, Number(m![1]) * 1024);
  }
  return sizes;
}
