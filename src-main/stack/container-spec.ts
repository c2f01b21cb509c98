import type Docker from 'dockerode';
import { LABELS, type ComposeProject, type ServiceSpec, type Tier } from './compose-model';
import { configHash } from './config-hash';

export const COMPOSE_VERSION = '2.29.7';

/** The kernel's OOM killer should agree with the guard: critical last, optional first. */
export function oomScoreAdjForTier(tier: Tier): number {
  return tier === 'critical' ? -500 : tier === 'optional' ? 500 : 0;
}

export function containerName(project: string, spec: ServiceSpec): string {
  return spec.containerName ?? `${project}-${spec.name}-1`;
}

export function networkName(project: ComposeProject, key: string): string {
  return project.networks[key]?.name ?? `${project.name}_${key}`;
}

export function volumeName(project: ComposeProject, key: string): string {
  return project.volumes[key]?.name ?? `${project.name}_${key}`;
}

/**
 * The labels docker compose itself puts on a service's container, plus the app's own. The tier
 * label is the compose file's, when it gives one: a service without one takes its project's
 * default tier, read when it is needed, so a change of the default applies at once.
 */
export function serviceLabels(project: ComposeProject, spec: ServiceSpec): Record<string, string> {
  return {
    ...spec.labels,
    [LABELS.project]: project.name,
    [LABELS.service]: spec.name,
    [LABELS.containerNumber]: '1',
    [LABELS.oneoff]: 'False',
    [LABELS.configHash]: configHash(spec),
    [LABELS.workingDir]: project.workingDir,
    [LABELS.configFiles]: project.files.join(','),
    [LABELS.version]: COMPOSE_VERSION,
    [LABELS.image]: spec.image,
    [LABELS.dependsOn]: Object.entries(spec.dependsOn)
      .map(([d, c]) => `${d}:${c.condition}:${c.restart}`)
      .join(','),
    [LABELS.profile]: spec.profiles.join(','),
  };
}

/** Whether the app created this container: only the app writes its profiles label; compose never does. */
export function createdByApp(labels: Record<string, string> | undefined): boolean {
  return labels !== undefined && LABELS.profile in labels;
}

/** The networks a service's container joins after create (all but the first), by engine name, with their aliases. */
export function extraNetworkEndpoints(project: ComposeProject, spec: ServiceSpec): Record<string, string[]> {
  return Object.fromEntries(
    Object.keys(spec.networks)
      .slice(1)
      .map((key) => [networkName(project, key), [spec.name, ...spec.networks[key]!]]),
  );
}

const ns = (ms: number) => Math.round(ms * 1e6);

/** dockerode's create options for one service of a project. */
export function containerCreateOptions(project: ComposeProject, spec: ServiceSpec): Docker.ContainerCreateOptions {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of spec.ports) {
    const key = `${p.containerPort}/${p.protocol}`;
    exposed[key] = {};
    (bindings[key] ??= []).push({
      HostIp: p.hostIp,
      HostPort: p.hostPort ? `${p.hostPort}${p.hostPortEnd ? `-${p.hostPortEnd}` : ''}` : '',
    });
  }
  const networkKeys = Object.keys(spec.networks);
  const primary = networkKeys[0];
  const hc = spec.healthcheck;
  // SELinux relabelling exists only in the engine's bind syntax, not in its mount API.
  const binds = spec.mounts.filter((m) => m.type === 'bind' && m.selinux);
  const mounts = spec.mounts.filter((m) => !(m.type === 'bind' && m.selinux));
  const mode = spec.networkMode;
  const sharedWith = mode?.startsWith('service:') ? project.services[mode.slice(8)] : undefined;
  const networkMode = sharedWith
    ? `container:${containerName(project.name, sharedWith)}`
    : mode === 'default'
      ? 'bridge'
      : (mode ?? networkName(project, primary ?? 'default'));
  return {
    name: containerName(project.name, spec),
    Image: spec.image,
    ...(spec.command ? { Cmd: spec.command } : {}),
    ...(spec.entrypoint ? { Entrypoint: spec.entrypoint } : {}),
    Env: Object.entries(spec.environment).map(([k, v]) => `${k}=${v}`),
    Labels: serviceLabels(project, spec),
    ...(spec.hostname ? { Hostname: spec.hostname } : {}),
    ...(spec.user ? { User: spec.user } : {}),
    ...(spec.workingDir ? { WorkingDir: spec.workingDir } : {}),
    ExposedPorts: exposed,
    ...(hc
      ? {
          Healthcheck: {
            ...(hc.test.length ? { Test: hc.test } : {}),
            Interval: ns(hc.intervalMs),
            Timeout: ns(hc.timeoutMs),
            Retries: hc.retries,
            StartPeriod: ns(hc.startPeriodMs),
          },
        }
      : {}),
    ...(spec.stopSignal ? { StopSignal: spec.stopSignal } : {}),
    StopTimeout: Math.ceil(spec.stopGracePeriodMs / 1000),
    HostConfig: {
      PortBindings: bindings,
      Binds: binds.map((m) => `${m.source}:${m.target}:${m.readOnly ? 'ro' : 'rw'},${m.selinux}`),
      Mounts: mounts.map((m) => ({
        Type: m.type,
        Target: m.target,
        ReadOnly: m.readOnly,
        Source: m.source ? (m.type === 'volume' ? volumeName(project, m.source) : m.source) : '',
      })),
      ...(spec.limits.memoryBytes ? { Memory: spec.limits.memoryBytes } : {}),
      ...(spec.reservations.memoryBytes ? { MemoryReservation: spec.reservations.memoryBytes } : {}),
      ...(spec.limits.cpus ? { NanoCpus: Math.round(spec.limits.cpus * 1e9) } : {}),
      RestartPolicy: { Name: spec.restart === 'no' ? '' : spec.restart },
      OomScoreAdj: oomScoreAdjForTier(spec.tier),
      CapAdd: spec.capAdd,
      CapDrop: spec.capDrop,
      SecurityOpt: spec.securityOpt,
      ExtraHosts: spec.extraHosts,
      ...(spec.shmSizeBytes ? { ShmSize: spec.shmSizeBytes } : {}),
      ...(spec.tmpfs.length ? { Tmpfs: Object.fromEntries(spec.tmpfs.map((t) => [t, ''])) } : {}),
      ...(spec.init !== undefined ? { Init: spec.init } : {}),
      ...(spec.readOnly ? { ReadonlyRootfs: true } : {}),
      Ulimits: Object.entries(spec.ulimits).map(([Name, u]) => ({ Name, Soft: u.soft, Hard: u.hard })),
      NetworkMode: networkMode,
      Privileged: spec.privileged,
      ...(spec.pid ? { PidMode: spec.pid } : {}),
      Devices: spec.devices.map((d) => ({
        PathOnHost: d.pathOnHost,
        PathInContainer: d.pathInContainer,
        CgroupPermissions: d.permissions,
      })),
      DeviceRequests: spec.deviceRequests.map((r) => ({
        Driver: r.driver ?? '',
        Count: r.count ?? 0,
        DeviceIDs: r.deviceIds ?? [],
        Capabilities: r.capabilities.length ? [r.capabilities] : [],
        Options: r.options,
      })),
      ...(spec.logging ? { LogConfig: { Type: spec.logging.driver, Config: spec.logging.options } } : {}),
    },
    ...(primary
      ? {
          NetworkingConfig: {
            EndpointsConfig: {
              [networkName(project, primary)]: { Aliases: [spec.name, ...(spec.networks[primary] ?? [])] },
            },
          },
        }
      : {}),
  };
}
