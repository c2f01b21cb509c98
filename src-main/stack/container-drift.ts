import type Docker from 'dockerode';
import { LABELS } from './compose-model';

/** The image's defaults, which the engine merges into a container's configuration at create. */
export interface ImageDefaults {
  Id: string;
  Config?: {
    Cmd?: string[] | null;
    Entrypoint?: string[] | null;
    Env?: string[] | null;
    Labels?: Record<string, string> | null;
    User?: string;
    WorkingDir?: string;
    StopSignal?: string;
    Volumes?: Record<string, unknown> | null;
    Healthcheck?: HealthConfig | null;
  };
}

interface HealthConfig {
  Test?: string[] | null;
  Interval?: number;
  Timeout?: number;
  Retries?: number;
  StartPeriod?: number;
}

/** Labels the app and compose each write their own way: not a difference in what the container is. */
const BOOKKEEPING = (key: string) => key.startsWith('com.docker.compose.') || key === LABELS.profile;

const SECOND = 1e9;
const DEFAULT_SHM = 64 * 1024 * 1024;

/**
 * How a container someone else created (docker compose, v1 or v2) differs from the one the app would
 * create for the same service: each entry names a setting (`environment FOO`, `ports`, `mounts /data`).
 * Empty means the container is what the compose files describe, so it is adopted as it is. The
 * engine's own merging is applied first (the image's command, entrypoint, environment, labels,
 * user, working folder, stop signal and healthcheck fill what the service leaves out; durations of
 * 0 are the engine's defaults). Not compared: `oom_score_adj` (compose sets none; the app sets one by
 * tier on the containers it creates), the container's name, ports only exposed, and settings the
 * loader does not act on.
 */
export function containerDrift(
  wanted: WantedContainer,
  have: Docker.ContainerInspectInfo,
  image: ImageDefaults | undefined,
  /** A container's id from its name or id (for `network_mode: service:x`). */
  containerId: (ref: string) => string | undefined,
): string[] {
  const want = wanted.create;
  const out: string[] = [];
  const img = image?.Config ?? {};
  const cfg = have.Config;
  const host = have.HostConfig as Docker.HostConfig & { Init?: boolean | null; ReadonlyRootfs?: boolean };
  const wantHost = want.HostConfig ?? {};
  const differs = (what: string, a: unknown, b: unknown) => {
    if (canonical(a) !== canonical(b)) out.push(what);
  };

  if (!image || have.Image !== image.Id) out.push('image');
  // The engine's merge: an entrypoint given at create drops the image's command.
  const entrypoint = want.Entrypoint ?? img.Entrypoint ?? [];
  const cmd = want.Cmd ?? (want.Entrypoint && want.Entrypoint.length ? [] : (img.Cmd ?? []));
  differs('command', cmd, cfg.Cmd ?? []);
  differs('entrypoint', entrypoint, cfg.Entrypoint ?? []);

  const env = { ...envMap(img.Env), ...envMap(want.Env) };
  const haveEnv = envMap(cfg.Env);
  for (const key of new Set([...Object.keys(env), ...Object.keys(haveEnv)]))
    if (env[key] !== haveEnv[key]) out.push(`environment ${key}`);

  const labels = { ...(img.Labels ?? {}), ...(want.Labels ?? {}) };
  const haveLabels = cfg.Labels ?? {};
  for (const key of new Set([...Object.keys(labels), ...Object.keys(haveLabels)]))
    if (!BOOKKEEPING(key) && labels[key] !== haveLabels[key]) out.push(`label ${key}`);

  differs('user', want.User ?? img.User ?? '', cfg.User ?? '');
  differs('working_dir', want.WorkingDir ?? img.WorkingDir ?? '', cfg.WorkingDir ?? '');
  if (want.Hostname) differs('hostname', want.Hostname, cfg.Hostname);
  differs(
    'stop_signal',
    signal(want.StopSignal ?? img.StopSignal),
    signal((cfg as { StopSignal?: string }).StopSignal),
  );
  differs('stop_grace_period', want.StopTimeout ?? 10, (cfg as { StopTimeout?: number }).StopTimeout ?? 10);
  differs('healthcheck', health(want.Healthcheck, img.Healthcheck), health(cfg.Healthcheck, undefined));

  differs('ports', bindings(wantHost.PortBindings), bindings(host.PortBindings));
  out.push(...mountDrift(want, have, img.Volumes ?? {}));
  differs('tmpfs', Object.keys(wantHost.Tmpfs ?? {}).sort(), Object.keys(host.Tmpfs ?? {}).sort());

  differs('mem_limit', wantHost.Memory ?? 0, host.Memory ?? 0);
  differs('mem_reservation', wantHost.MemoryReservation ?? 0, host.MemoryReservation ?? 0);
  differs('cpus', wantHost.NanoCpus ?? 0, host.NanoCpus ?? 0);
  differs('restart', restart(wantHost.RestartPolicy?.Name), restart(host.RestartPolicy?.Name));
  differs('cap_add', set(wantHost.CapAdd), set(host.CapAdd));
  differs('cap_drop', set(wantHost.CapDrop), set(host.CapDrop));
  differs('security_opt', set(wantHost.SecurityOpt), set(host.SecurityOpt));
  differs('extra_hosts', set(wantHost.ExtraHosts), set(host.ExtraHosts));
  differs('shm_size', wantHost.ShmSize ?? DEFAULT_SHM, host.ShmSize ?? DEFAULT_SHM);
  differs('init', Boolean(wantHost.Init), Boolean(host.Init));
  differs('read_only', Boolean(wantHost.ReadonlyRootfs), Boolean(host.ReadonlyRootfs));
  differs('ulimits', ulimits(wantHost.Ulimits), ulimits(host.Ulimits));
  differs('privileged', Boolean(wantHost.Privileged), Boolean(host.Privileged));
  differs('pid', wantHost.PidMode ?? '', host.PidMode ?? '');
  differs('devices', devices(wantHost.Devices), devices(host.Devices));
  differs('gpus', deviceRequests(wantHost.DeviceRequests), deviceRequests(host.DeviceRequests));
  if (wantHost.LogConfig)
    differs('logging', wantHost.LogConfig, { Type: host.LogConfig?.Type, Config: host.LogConfig?.Config ?? {} });
  out.push(...networkDrift(wanted, have, containerId));
  return out;
}

/** What the app would create for a service: the create options, and the networks connected after create with their aliases. */
export interface WantedContainer {
  create: Docker.ContainerCreateOptions;
  extraNetworks: Record<string, string[]>;
}

function networkDrift(
  { create: want, extraNetworks }: WantedContainer,
  have: Docker.ContainerInspectInfo,
  containerId: (ref: string) => string | undefined,
): string[] {
  const mode = want.HostConfig?.NetworkMode ?? '';
  const haveMode = have.HostConfig.NetworkMode ?? '';
  if (mode.startsWith('container:') || haveMode.startsWith('container:')) {
    const target = (m: string) => (m.startsWith('container:') ? containerId(m.slice(10)) : m);
    return target(mode) !== undefined && target(mode) === target(haveMode) ? [] : ['network_mode'];
  }
  if (['host', 'none', 'bridge'].includes(mode) || ['host', 'none'].includes(haveMode))
    return mode === haveMode || (mode === 'bridge' && haveMode === 'default') ? [] : ['network_mode'];
  const wanted = new Map<string, string[]>();
  const primary = want.NetworkingConfig?.EndpointsConfig ?? {};
  for (const [name, endpoint] of Object.entries(primary)) wanted.set(name, endpoint.Aliases ?? []);
  for (const [name, aliases] of Object.entries(extraNetworks)) wanted.set(name, aliases);
  const attached = have.NetworkSettings.Networks ?? {};
  const out: string[] = [];
  for (const name of new Set([...wanted.keys(), ...Object.keys(attached)])) {
    const aliases = wanted.get(name);
    const endpoint = attached[name] as { Aliases?: string[] | null } | undefined;
    if (!aliases || !endpoint) out.push(`networks ${name}`);
    else if (!aliases.every((a) => (endpoint.Aliases ?? []).includes(a))) out.push(`networks ${name} aliases`);
  }
  return out;
}

/** Mounts by container path: the service's, against what the container has (image volumes it leaves alone are anonymous). */
function mountDrift(
  want: Docker.ContainerCreateOptions,
  have: Docker.ContainerInspectInfo,
  imageVolumes: Record<string, unknown>,
): string[] {
  const wanted = new Map<string, { type: string; source: string; rw: boolean }>();
  for (const m of want.HostConfig?.Mounts ?? []) {
    if (m.Type === 'tmpfs') continue;
    wanted.set(m.Target, { type: m.Type, source: m.Source ?? '', rw: !m.ReadOnly });
  }
  for (const b of want.HostConfig?.Binds ?? []) {
    const [source = '', target = '', mode = ''] = b.split(':');
    wanted.set(target, { type: 'bind', source, rw: !mode.split(',').includes('ro') });
  }
  const found = new Map<string, { type: string; source: string; rw: boolean }>();
  for (const m of have.Mounts ?? []) {
    if (m.Type === 'tmpfs') continue;
    const anonymous = m.Type === 'volume' && !wanted.has(m.Destination) && m.Destination in imageVolumes;
    if (anonymous) continue;
    found.set(m.Destination, {
      type: m.Type,
      source: m.Type === 'volume' ? (m.Name ?? '') : m.Source,
      rw: m.RW,
    });
  }
  const out: string[] = [];
  for (const target of new Set([...wanted.keys(), ...found.keys()])) {
    const a = wanted.get(target);
    const b = found.get(target);
    // An anonymous volume the service asks for has no name to compare.
    if (a && b && a.type === b.type && a.rw === b.rw && (a.source === b.source || (a.type === 'volume' && !a.source)))
      continue;
    out.push(`mounts ${target}`);
  }
  return out;
}

function envMap(env: string[] | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of env ?? []) {
    const i = e.indexOf('=');
    if (i < 0) out[e] = '';
    else out[e.slice(0, i)] = e.slice(i + 1);
  }
  return out;
}

/** The engine's merge of a healthcheck with the image's, with its defaults for durations and retries of 0. */
function health(given: HealthConfig | null | undefined, fromImage: HealthConfig | null | undefined): unknown {
  const h = given ?? fromImage;
  if (!h) return null;
  const test = h.Test?.length ? h.Test : (fromImage?.Test ?? []);
  if (test[0] === 'NONE') return 'none';
  const pick = (k: keyof Omit<HealthConfig, 'Test'>, fallback: number) =>
    (h[k] as number | undefined) || (fromImage?.[k] as number | undefined) || fallback;
  return {
    test,
    interval: pick('Interval', 30 * SECOND),
    timeout: pick('Timeout', 30 * SECOND),
    retries: pick('Retries', 3),
    startPeriod: pick('StartPeriod', 0),
  };
}

function bindings(map: Record<string, { HostIp?: string; HostPort?: string }[] | null> | undefined): string[] {
  return Object.entries(map ?? {})
    .flatMap(([port, list]) => (list ?? []).map((b) => `${port} ${b.HostIp ?? ''}:${b.HostPort ?? ''}`))
    .sort();
}

function signal(s: string | undefined): string {
  if (!s || s === '15' || s === 'SIGTERM' || s === 'TERM') return 'SIGTERM';
  return s.startsWith('SIG') || /^\d+$/.test(s) ? s : `SIG${s}`;
}

function restart(name: string | undefined): string {
  return !name || name === 'no' ? 'no' : name;
}

function set(list: string[] | null | undefined): string[] {
  return [...new Set(list ?? [])].sort();
}

function ulimits(list: { Name?: string; Soft?: number; Hard?: number }[] | null | undefined): string[] {
  return (list ?? []).map((u) => `${u.Name}=${u.Soft}:${u.Hard}`).sort();
}

function devices(
  list: { PathOnHost?: string; PathInContainer?: string; CgroupPermissions?: string }[] | null | undefined,
): string[] {
  return (list ?? []).map((d) => `${d.PathOnHost}:${d.PathInContainer}:${d.CgroupPermissions || 'rwm'}`).sort();
}

function deviceRequests(list: Docker.DeviceRequest[] | null | undefined): string[] {
  return (list ?? [])
    .map((r) =>
      canonical({
        driver: r.Driver ?? '',
        count: r.Count ?? 0,
        ids: [...(r.DeviceIDs ?? [])].sort(),
        caps: (r.Capabilities ?? []).map((c) => [...c].sort()),
        options: r.Options ?? {},
      }),
    )
    .sort();
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value ?? null);
}
