import { ComposeError } from './compose-error';
import { LABELS, TIERS, type ServiceSpec, type SourcePos, type Tier } from './compose-model';
import { asCommand, asStringList, asStringMap, FieldError, parseDependsOn, parseHealthcheck, parseMount, parsePort } from './service-fields';
import { parseBytes, parseDuration } from './units';
import type { PathPart, YamlSource } from './yaml-source';
import { formatPath } from './yaml-source';
import { reportNestedServiceKeys } from './nested-keys';

/** Service keys the app acts on. Anything else is reported as ignored, never silently dropped. */
export const SUPPORTED_SERVICE_KEYS = new Set([
  'image', 'command', 'entrypoint', 'environment', 'env_file', 'ports', 'volumes', 'depends_on', 'healthcheck',
  'deploy', 'labels', 'profiles', 'restart', 'stop_grace_period', 'stop_signal', 'networks', 'user', 'working_dir',
  'hostname', 'extra_hosts', 'cap_add', 'cap_drop', 'security_opt', 'shm_size', 'tmpfs', 'init', 'read_only',
  'ulimits', 'mem_limit', 'mem_reservation', 'cpus', 'container_name', 'extends', 'expose',
]);

export interface NormalizeContext {
  source: YamlSource;
  lookup: (name: string) => string | undefined;
  volumes: Set<string>;
  networks: Set<string>;
  readEnvFile: (path: string, pos: SourcePos) => Record<string, string>;
  /** Where relative host paths start: the project directory (the first file's folder), as compose does for every file. */
  projectDir: string;
  ignored: { path: string; pos: SourcePos }[];
}

export function normalizeService(name: string, raw: unknown, ctx: NormalizeContext): ServiceSpec & { containerName?: string } {
  const base: PathPart[] = ['services', name];
  const fail = (sub: PathPart[], message: string): never => {
    const path = [...base, ...sub];
    throw new ComposeError(ctx.source.pos(path), formatPath(path), message);
  };
  const field = <T>(key: string, parse: (v: unknown) => T): T => {
    try {
      return parse(svc[key]);
    } catch (err) {
      if (err instanceof FieldError) return fail([key, ...err.subPath], err.message);
      throw err;
    }
  };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return fail([], 'a service must be a mapping');
  const svc = raw as Record<string, unknown>;

  for (const key of Object.keys(svc)) {
    if (!SUPPORTED_SERVICE_KEYS.has(key) && !key.startsWith('x-')) {
      if (key === 'build') return fail([key], 'building images is not supported: give the service an image');
      ctx.ignored.push({ path: formatPath([...base, key]), pos: ctx.source.pos([...base, key]) });
    }
  }
  reportNestedServiceKeys(svc, base, (p) => ctx.source.pos(p), ctx.ignored);
  if (typeof svc.image !== 'string' || svc.image.trim() === '') return fail(['image'], 'every service needs an image');

  const envFromFiles: Record<string, string> = {};
  for (const [i, f] of field('env_file', (v) => asStringList(v, 'env_file')).entries()) {
    Object.assign(envFromFiles, ctx.readEnvFile(f, ctx.source.pos([...base, 'env_file', i])));
  }
  const labels = field('labels', (v) => asStringMap(v, ctx.lookup));
  const deploy = (svc.deploy ?? {}) as Record<string, unknown>;
  const resources = (deploy.resources ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const resource = (kind: 'limits' | 'reservations', legacyMem?: unknown, legacyCpus?: unknown) => {
    const r = resources[kind] ?? {};
    const memRaw = r.memory ?? legacyMem;
    const cpuRaw = r.cpus ?? legacyCpus;
    const memoryBytes = memRaw === undefined ? undefined : parseBytes(memRaw);
    if (memRaw !== undefined && memoryBytes === undefined) fail(['deploy', 'resources', kind, 'memory'], `'${String(memRaw)}' is not a size (e.g. 512M, 2G)`);
    const cpus = cpuRaw === undefined ? undefined : Number(cpuRaw);
    if (cpus !== undefined && !(cpus > 0)) fail(['deploy', 'resources', kind, 'cpus'], `'${String(cpuRaw)}' is not a number of CPUs`);
    return { ...(memoryBytes !== undefined ? { memoryBytes } : {}), ...(cpus !== undefined ? { cpus } : {}) };
  };

  const tierLabel = labels[LABELS.tier] ?? 'core';
  if (!TIERS.includes(tierLabel as Tier)) fail(['labels', LABELS.tier], `'${tierLabel}' is not a tier (critical, core or optional)`);

  const restart = (svc.restart ?? 'no') as string;
  const restartPolicy = restart.startsWith('on-failure') ? 'on-failure' : restart;
  if (!['no', 'always', 'on-failure', 'unless-stopped'].includes(restartPolicy)) fail(['restart'], `'${restart}' is not a restart policy`);

  const grace = svc.stop_grace_period === undefined ? 10_000 : parseDuration(svc.stop_grace_period);
  if (grace === undefined) fail(['stop_grace_period'], `'${String(svc.stop_grace_period)}' is not a duration`);

  let networks: Record<string, string[]> = { default: [] };
  if (Array.isArray(svc.networks)) networks = Object.fromEntries(svc.networks.map((n) => [String(n), []]));
  else if (svc.networks && typeof svc.networks === 'object') {
    networks = Object.fromEntries(
      Object.entries(svc.networks as Record<string, { aliases?: unknown } | null>).map(([k, v]) => [k, asStringList(v?.aliases, 'aliases')]),
    );
  }
  for (const n of Object.keys(networks)) {
    if (n !== 'default' && !ctx.networks.has(n)) fail(['networks', n], `network '${n}' is not declared in the top-level networks`);
  }

  const ulimits: Record<string, { soft: number; hard: number }> = {};
  for (const [k, v] of Object.entries((svc.ulimits ?? {}) as Record<string, unknown>)) {
    if (typeof v === 'number') ulimits[k] = { soft: v, hard: v };
    else if (v && typeof v === 'object') ulimits[k] = { soft: Number((v as { soft: unknown }).soft), hard: Number((v as { hard: unknown }).hard) };
  }
  const shm = svc.shm_size === undefined ? undefined : parseBytes(svc.shm_size);
  const healthcheck = field('healthcheck', parseHealthcheck);

  return {
    name,
    image: svc.image.trim(),
    ...optional('command', field('command', asCommand)),
    ...optional('entrypoint', field('entrypoint', asCommand)),
    environment: { ...envFromFiles, ...field('environment', (v) => asStringMap(v, ctx.lookup)) },
    ports: field('ports', (v) => asArray(v).map((p, i) => withIndex(i, () => parsePort(p)))),
    mounts: field('volumes', (v) => asArray(v).map((m, i) => withIndex(i, () => parseMount(m, ctx.projectDir, ctx.volumes)))),
    dependsOn: field('depends_on', parseDependsOn),
    ...(healthcheck ? { healthcheck } : {}),
    limits: resource('limits', svc.mem_limit, svc.cpus),
    reservations: resource('reservations', svc.mem_reservation),
    labels,
    profiles: field('profiles', (v) => asStringList(v, 'profiles')),
    restart: restartPolicy as ServiceSpec['restart'],
    stopGracePeriodMs: grace!,
    ...optional('stopSignal', typeof svc.stop_signal === 'string' ? svc.stop_signal : undefined),
    networks,
    ...optional('user', svc.user === undefined ? undefined : String(svc.user)),
    ...optional('workingDir', typeof svc.working_dir === 'string' ? svc.working_dir : undefined),
    ...optional('hostname', typeof svc.hostname === 'string' ? svc.hostname : undefined),
    extraHosts: field('extra_hosts', (v) => (Array.isArray(v) ? v.map(String) : Object.entries(asStringMap(v, () => undefined)).map(([h, ip]) => `${h}:${ip}`))),
    capAdd: field('cap_add', (v) => asStringList(v, 'cap_add')),
    capDrop: field('cap_drop', (v) => asStringList(v, 'cap_drop')),
    securityOpt: field('security_opt', (v) => asStringList(v, 'security_opt')),
    ...optional('shmSizeBytes', shm),
    tmpfs: field('tmpfs', (v) => asStringList(v, 'tmpfs')),
    ...optional('init', typeof svc.init === 'boolean' ? svc.init : undefined),
    ...optional('readOnly', typeof svc.read_only === 'boolean' ? svc.read_only : undefined),
    ulimits,
    tier: tierLabel as Tier,
    ...optional('category', labels[LABELS.category]),
    ...optional('ui', labels[LABELS.ui]),
    ...optional('description', labels[LABELS.description]),
    ...optional('containerName', typeof svc.container_name === 'string' ? svc.container_name : undefined),
    source: ctx.source.pos(base),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function asArray(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new FieldError('must be a list');
  return v;
}

function withIndex<T>(i: number, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof FieldError) throw new FieldError(err.message, [i, ...err.subPath]);
    throw err;
  }
}
