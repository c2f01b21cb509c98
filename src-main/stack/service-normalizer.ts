import { ComposeError } from './compose-error';
import { LABELS, TIERS, type ServiceSpec, type SourcePos, type Tier } from './compose-model';
import {
  asCommand,
  asStringList,
  asStringMap,
  FieldError,
  parseDependsOn,
  parseHealthcheck,
  parseMount,
} from './service-fields';
import { parsePorts } from './port-spec';
import {
  fileResourceMounts,
  parseBuild,
  parseDeviceRequests,
  parseDevices,
  parseLogging,
  parseNetworkMode,
  type FileResource,
} from './service-runtime-fields';
import { parseBytes, parseDuration } from './units';
import type { PathPart, YamlSource } from './yaml-source';
import { formatPath } from './yaml-source';
import { reportNestedServiceKeys } from './nested-keys';

/** Service keys the app acts on. Anything else is reported as ignored, never silently dropped. */
export const SUPPORTED_SERVICE_KEYS = new Set([
  'image',
  'command',
  'entrypoint',
  'environment',
  'env_file',
  'ports',
  'volumes',
  'depends_on',
  'healthcheck',
  'deploy',
  'labels',
  'profiles',
  'restart',
  'stop_grace_period',
  'stop_signal',
  'networks',
  'user',
  'working_dir',
  'hostname',
  'extra_hosts',
  'cap_add',
  'cap_drop',
  'security_opt',
  'shm_size',
  'tmpfs',
  'init',
  'read_only',
  'ulimits',
  'mem_limit',
  'mem_reservation',
  'cpus',
  'container_name',
  'extends',
  'expose',
  'build',
  'pull_policy',
  'network_mode',
  'privileged',
  'pid',
  'devices',
  'gpus',
  'logging',
  'secrets',
  'configs',
]);

/** A Docker image reference: `[registry[:port]/]name[:tag][@digest]`. */
const IMAGE_REFERENCE =
  /^(?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$/;

export interface NormalizeContext {
  source: YamlSource;
  /** The folder relative paths are resolved from: the project folder (or an included project's). */
  baseDir: string;
  projectName: string;
  lookup: (name: string) => string | undefined;
  secrets: Map<string, FileResource>;
  configs: Map<string, FileResource>;
  volumes: Set<string>;
  networks: Set<string>;
  /** Reads an `env_file` (relative to the base folder), interpolated with the project's variables. */
  readEnvFile: (path: string, required: boolean, pos: SourcePos) => Record<string, string>;
  ignored: { path: string; pos: SourcePos }[];
  /** The tier of a service whose labels name none (default `core`). */
  defaultTier?: Tier;
}

export function normalizeService(
  name: string,
  raw: unknown,
  ctx: NormalizeContext,
): ServiceSpec & { containerName?: string } {
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
    if (!SUPPORTED_SERVICE_KEYS.has(key) && !key.startsWith('x-'))
      ctx.ignored.push({ path: formatPath([...base, key]), pos: ctx.source.pos([...base, key]) });
  }
  reportNestedServiceKeys(svc, base, (p) => ctx.source.pos(p), ctx.ignored);
  const build = field('build', (v) => parseBuild(v, ctx.baseDir, ctx.lookup));
  const imageRaw = typeof svc.image === 'string' ? svc.image.trim() : undefined;
  if (!imageRaw && !build) return fail(['image'], 'every service needs an image (or a build)');
  if (imageRaw !== undefined && !IMAGE_REFERENCE.test(imageRaw))
    return fail(['image'], `'${imageRaw}' is not an image reference (name[:tag][@digest])`);
  const image = imageRaw || `${ctx.projectName}-${name}`.toLowerCase();
  if (build && !imageRaw) build.buildOnly = true;
  const pullPolicy =
    ({ if_not_present: 'missing', missing: 'missing', always: 'always', never: 'never', build: 'build' } as const)[
      String(svc.pull_policy ?? 'missing') as 'missing'
    ] ?? 'missing';
  const networkMode = field('network_mode', parseNetworkMode);
  if (networkMode && svc.networks !== undefined)
    return fail(['network_mode'], 'network_mode and networks cannot both be set');

  const envFromFiles: Record<string, string> = {};
  const envFiles = field('env_file', (v) =>
    (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]).map((f, i) => {
      if (typeof f === 'string') return { path: f, required: true };
      if (f && typeof f === 'object' && typeof (f as { path?: unknown }).path === 'string')
        return { path: (f as { path: string }).path, required: (f as { required?: unknown }).required !== false };
      throw new FieldError('must be a file path or {path, required}', [i]);
    }),
  );
  for (const [i, f] of envFiles.entries()) {
    Object.assign(envFromFiles, ctx.readEnvFile(f.path, f.required, ctx.source.pos([...base, 'env_file', i])));
  }
  const labels = field('labels', (v) => asStringMap(v, ctx.lookup));
  const deploy = (svc.deploy ?? {}) as Record<string, unknown>;
  const resources = (deploy.resources ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const resource = (kind: 'limits' | 'reservations', legacyMem?: unknown, legacyCpus?: unknown) => {
    const r = resources[kind] ?? {};
    const memRaw = r.memory ?? legacyMem;
    const cpuRaw = r.cpus ?? legacyCpus;
    const memoryBytes = memRaw === undefined ? undefined : parseBytes(memRaw);
    if (memRaw !== undefined && memoryBytes === undefined)
      fail(['deploy', 'resources', kind, 'memory'], `'${String(memRaw)}' is not a size (e.g. 512M, 2G)`);
    const cpus = cpuRaw === undefined ? undefined : Number(cpuRaw);
    if (cpus !== undefined && !(cpus > 0))
      fail(['deploy', 'resources', kind, 'cpus'], `'${String(cpuRaw)}' is not a number of CPUs`);
    return { ...(memoryBytes !== undefined ? { memoryBytes } : {}), ...(cpus !== undefined ? { cpus } : {}) };
  };

  const tierLabel = labels[LABELS.tier] ?? ctx.defaultTier ?? 'core';
  if (!TIERS.includes(tierLabel as Tier))
    fail(['labels', LABELS.tier], `'${tierLabel}' is not a tier (critical, core or optional)`);

  const restart = (svc.restart ?? 'no') as string;
  const restartPolicy = restart.startsWith('on-failure') ? 'on-failure' : restart;
  if (!['no', 'always', 'on-failure', 'unless-stopped'].includes(restartPolicy))
    fail(['restart'], `'${restart}' is not a restart policy`);

  const grace = svc.stop_grace_period === undefined ? 10_000 : parseDuration(svc.stop_grace_period);
  if (grace === undefined) fail(['stop_grace_period'], `'${String(svc.stop_grace_period)}' is not a duration`);

  let networks: Record<string, string[]> = networkMode ? {} : { default: [] };
  if (Array.isArray(svc.networks)) networks = Object.fromEntries(svc.networks.map((n) => [String(n), []]));
  else if (svc.networks && typeof svc.networks === 'object') {
    networks = Object.fromEntries(
      Object.entries(svc.networks as Record<string, { aliases?: unknown } | null>).map(([k, v]) => [
        k,
        asStringList(v?.aliases, 'aliases'),
      ]),
    );
  }
  for (const n of Object.keys(networks)) {
    if (n !== 'default' && !ctx.networks.has(n))
      fail(['networks', n], `network '${n}' is not declared in the top-level networks`);
  }

  const ulimits: Record<string, { soft: number; hard: number }> = {};
  for (const [k, v] of Object.entries((svc.ulimits ?? {}) as Record<string, unknown>)) {
    if (typeof v === 'number') ulimits[k] = { soft: v, hard: v };
    else if (v && typeof v === 'object')
      ulimits[k] = { soft: Number((v as { soft: unknown }).soft), hard: Number((v as { hard: unknown }).hard) };
  }
  const shm = svc.shm_size === undefined ? undefined : parseBytes(svc.shm_size);
  const healthcheck = field('healthcheck', parseHealthcheck);
  const mounts = [
    ...field('volumes', (v) => asArray(v).map((m, i) => withIndex(i, () => parseMount(m, ctx.baseDir, ctx.volumes)))),
    ...field('secrets', (v) => fileResourceMounts(v, 'secrets', ctx.secrets)),
    ...field('configs', (v) => fileResourceMounts(v, 'configs', ctx.configs)),
  ];
  const tmpfs = field('tmpfs', (v) => asStringList(v, 'tmpfs'));
  const seen = new Map<string, string>();
  const where = (i: number) => {
    const volumes = asArray(svc.volumes).length;
    const secrets = asArray(svc.secrets).length;
    return i < volumes
      ? ['volumes', i]
      : i < volumes + secrets
        ? ['secrets', i - volumes]
        : ['configs', i - volumes - secrets];
  };
  [...mounts.map((m) => m.target), ...tmpfs.map((t) => t.split(':')[0]!)].forEach((target, i) => {
    const at = i < mounts.length ? where(i) : ['tmpfs', i - mounts.length];
    const other = seen.get(target);
    if (other) fail(at, `'${target}' is mounted twice (also by ${other})`);
    seen.set(target, formatPath(at));
  });
  const { devices, cdi } = field('devices', parseDevices);
  const reservedDevices = resources.reservations?.devices;
  let deviceRequests;
  try {
    deviceRequests = [...parseDeviceRequests(reservedDevices), ...parseDeviceRequests(svc.gpus), ...cdi];
  } catch (err) {
    if (err instanceof FieldError)
      return fail(
        [
          ...(svc.gpus !== undefined && reservedDevices === undefined
            ? ['gpus']
            : ['deploy', 'resources', 'reservations', 'devices']),
          ...err.subPath,
        ],
        err.message,
      );
    throw err;
  }

  return {
    name,
    image,
    ...optional('command', field('command', asCommand)),
    ...optional('entrypoint', field('entrypoint', asCommand)),
    environment: { ...envFromFiles, ...field('environment', (v) => asStringMap(v, ctx.lookup)) },
    ports:
      networkMode === 'host'
        ? []
        : field('ports', (v) => asArray(v).flatMap((p, i) => withIndex(i, () => parsePorts(p)))),
    mounts,
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
    extraHosts: field('extra_hosts', (v) =>
      Array.isArray(v) ? v.map(String) : Object.entries(asStringMap(v, () => undefined)).map(([h, ip]) => `${h}:${ip}`),
    ),
    capAdd: field('cap_add', (v) => asStringList(v, 'cap_add')),
    capDrop: field('cap_drop', (v) => asStringList(v, 'cap_drop')),
    securityOpt: field('security_opt', (v) => asStringList(v, 'security_opt')),
    ...optional('shmSizeBytes', shm),
    tmpfs,
    ...optional('init', typeof svc.init === 'boolean' ? svc.init : undefined),
    ...optional('readOnly', typeof svc.read_only === 'boolean' ? svc.read_only : undefined),
    ulimits,
    ...optional('build', build),
    pullPolicy,
    ...optional('networkMode', networkMode),
    privileged: svc.privileged === true,
    ...optional('pid', typeof svc.pid === 'string' ? svc.pid : undefined),
    devices,
    deviceRequests,
    ...optional('logging', field('logging', parseLogging)),
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
