import type Docker from 'dockerode';
import { LABELS, type Healthcheck } from '../../src-shared/api/features/stack-model';
import { listProjectContainers } from '../engine';
import { stopOrder } from '../stack';

/** A service of the project as its container shows it now. */
export interface InventoryService {
  service: string;
  containerId: string;
  state: string;
  running: boolean;
  /** The image reference it was created from, its id, and the registry digests the engine knows. */
  image: string;
  imageId: string;
  repoDigests: string[];
  env: string[];
  /** The command line (Redis's `--requirepass`). */
  cmd: string[];
  mounts: { volume: string; target: string; readOnly: boolean }[];
  /** The services it depends on (compose's depends_on label). */
  dependsOn: string[];
  healthcheck?: Healthcheck;
  /** Published ports: `6333/tcp` → the host address and port. */
  ports: Record<string, { hostIp: string; hostPort: number }[]>;
}

export interface InventoryVolume {
  name: string;
  /** The compose key (`postgres_data`); the name without the project prefix for volumes without the label. */
  key: string;
  driver: string;
  labels: Record<string, string>;
  /** Services that mount it. */
  services: string[];
}

export interface ProjectInventory {
  project: string;
  services: InventoryService[];
  volumes: InventoryVolume[];
}

/** The project's services and named volumes, read from the engine (labels, inspect), not from the templates. */
export async function readInventory(docker: Docker, project: string): Promise<ProjectInventory> {
  const services: InventoryService[] = [];
  for (const c of await listProjectContainers(docker, project)) {
    const info = await docker.getContainer(c.id).inspect();
    const image = await docker
      .getImage(info.Image)
      .inspect()
      .catch(() => undefined);
    services.push({
      service: c.service,
      containerId: c.id,
      state: info.State.Status,
      running: info.State.Running,
      image: info.Config.Image,
      imageId: info.Image,
      repoDigests: image?.RepoDigests ?? [],
      env: info.Config.Env ?? [],
      cmd: info.Config.Cmd ?? [],
      mounts: (info.Mounts ?? [])
        .filter((m) => m.Type === 'volume' && m.Name)
        .map((m) => ({ volume: m.Name!, target: m.Destination, readOnly: !m.RW })),
      dependsOn: (info.Config.Labels?.[LABELS.dependsOn] ?? '')
        .split(',')
        .filter(Boolean)
        .map((d) => d.split(':')[0]!),
      ...healthcheckOf(info.Config.Healthcheck),
      ports: Object.fromEntries(
        Object.entries(info.NetworkSettings.Ports ?? {}).map(([port, binds]) => [
          port,
          (binds ?? []).map((b) => ({ hostIp: b.HostIp, hostPort: Number(b.HostPort) })),
        ]),
      ),
    });
  }
  services.sort((a, b) => a.service.localeCompare(b.service));
  const byName = new Map<string, InventoryVolume>();
  const labelled = await docker.listVolumes({
    filters: JSON.stringify({ label: [`${LABELS.project}=${project}`] }),
  });
  for (const v of labelled.Volumes ?? []) byName.set(v.Name, volumeOf(project, v));
  for (const s of services) {
    for (const m of s.mounts) {
      if (!byName.has(m.volume)) {
        const v = await docker
          .getVolume(m.volume)
          .inspect()
          .catch(() => undefined);
        if (v) byName.set(v.Name, volumeOf(project, v));
      }
      const entry = byName.get(m.volume);
      if (entry && !entry.services.includes(s.service)) entry.services.push(s.service);
    }
  }
  return {
    project,
    services,
    volumes: [...byName.values()].sort((a, b) => a.key.localeCompare(b.key)),
  };
}

function volumeOf(project: string, v: Docker.VolumeInspectInfo): InventoryVolume {
  const labels = (v.Labels ?? {}) as Record<string, string>;
  const key = labels[LABELS.volume] ?? (v.Name.startsWith(`${project}_`) ? v.Name.slice(project.length + 1) : v.Name);
  return { name: v.Name, key, driver: v.Driver, labels, services: [] };
}

/** Docker's healthcheck (durations in nanoseconds) in the compose model's terms. */
function healthcheckOf(hc: Docker.HealthConfig | undefined): { healthcheck?: Healthcheck } {
  if (!hc?.Test?.length) return {};
  const ms = (ns: number | undefined, fallback: number) => (ns ? Math.round(ns / 1e6) : fallback);
  return {
    healthcheck: {
      test: hc.Test,
      intervalMs: ms(hc.Interval, 30_000),
      timeoutMs: ms(hc.Timeout, 30_000),
      retries: hc.Retries ?? 3,
      startPeriodMs: ms(hc.StartPeriod, 0),
    },
  };
}

/** A value of an environment list (`KEY=value`). */
export function envValue(env: string[], name: string): string | undefined {
  const hit = env.find((e) => e.startsWith(`${name}=`));
  return hit === undefined ? undefined : hit.slice(name.length + 1);
}

/** Running services that depend on `service`, directly or through others. */
export function runningDependents(inventory: ProjectInventory, service: string): string[] {
  const out = new Set<string>();
  const visit = (name: string): void => {
    for (const s of inventory.services)
      if (s.running && s.dependsOn.includes(name) && !out.has(s.service)) {
        out.add(s.service);
        visit(s.service);
      }
  };
  visit(service);
  return [...out].sort();
}

/** These services in the order to stop them (what depends on another first); reversed, the order to start them. */
export function orderForStop(inventory: ProjectInventory, services: string[]): string[] {
  const deps = Object.fromEntries(
    services.map((s) => [
      s,
      (inventory.services.find((x) => x.service === s)?.dependsOn ?? []).filter((d) => services.includes(d)),
    ]),
  );
  return stopOrder(deps);
}
