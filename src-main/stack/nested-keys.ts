import type { SourcePos } from './compose-model';
import { formatPath, type PathPart } from './yaml-source';

/**
 * Keys the loader acts on inside nested compose mappings. Anything else found there is reported
 * as ignored (with file and line), never dropped silently: `deploy.replicas`,
 * `networks.<n>.ipv4_address`, a network's `ipam`...
 */
export const SUPPORTED_NESTED_KEYS = {
  deploy: ['resources'],
  'deploy.resources': ['limits', 'reservations'],
  'deploy.resources.limits': ['cpus', 'memory'],
  'deploy.resources.reservations': ['cpus', 'memory', 'devices'],
  healthcheck: ['test', 'interval', 'timeout', 'retries', 'start_period', 'start_interval', 'disable'],
  'networks.<name>': ['aliases'],
  'ports[] (long form)': ['target', 'published', 'host_ip', 'protocol', 'mode'],
  'volumes[] (long form)': ['type', 'source', 'target', 'read_only', 'bind'],
  'depends_on.<name>': ['condition', 'required', 'restart'],
  'top-level networks.<name>': [
    'name',
    'driver',
    'external',
    'labels',
    'internal',
    'driver_opts',
    'enable_ipv6',
    'attachable',
  ],
  'top-level volumes.<name>': ['name', 'driver', 'external', 'labels', 'driver_opts'],
} as const;

type Ignored = { path: string; pos: SourcePos }[];
type PosOf = (path: PathPart[]) => SourcePos;

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function check(value: unknown, allowed: readonly string[], path: PathPart[], posOf: PosOf, out: Ignored): void {
  if (!isMap(value)) return;
  for (const key of Object.keys(value)) {
    if (allowed.includes(key) || key.startsWith('x-')) continue;
    out.push({ path: formatPath([...path, key]), pos: posOf([...path, key]) });
  }
}

/** Reports the unsupported keys nested in one service's mapping. */
export function reportNestedServiceKeys(
  svc: Record<string, unknown>,
  base: PathPart[],
  posOf: PosOf,
  out: Ignored,
): void {
  const k = SUPPORTED_NESTED_KEYS;
  check(svc.deploy, k.deploy, [...base, 'deploy'], posOf, out);
  const resources = isMap(svc.deploy) ? svc.deploy.resources : undefined;
  check(resources, k['deploy.resources'], [...base, 'deploy', 'resources'], posOf, out);
  if (isMap(resources)) {
    check(resources.limits, k['deploy.resources.limits'], [...base, 'deploy', 'resources', 'limits'], posOf, out);
    check(
      resources.reservations,
      k['deploy.resources.reservations'],
      [...base, 'deploy', 'resources', 'reservations'],
      posOf,
      out,
    );
  }
  check(svc.healthcheck, k.healthcheck, [...base, 'healthcheck'], posOf, out);
  if (isMap(svc.networks)) {
    for (const [n, v] of Object.entries(svc.networks))
      check(v, k['networks.<name>'], [...base, 'networks', n], posOf, out);
  }
  if (isMap(svc.depends_on)) {
    for (const [n, v] of Object.entries(svc.depends_on))
      check(v, k['depends_on.<name>'], [...base, 'depends_on', n], posOf, out);
  }
  for (const [key, allowed] of [
    ['ports', k['ports[] (long form)']],
    ['volumes', k['volumes[] (long form)']],
  ] as const) {
    const list = svc[key];
    if (Array.isArray(list)) list.forEach((item, i) => check(item, allowed, [...base, key, i], posOf, out));
  }
}

/** Reports the unsupported keys of top-level `networks` and `volumes` entries. */
export function reportNestedTopLevelKeys(data: Record<string, unknown>, posOf: PosOf, out: Ignored): void {
  for (const kind of ['networks', 'volumes'] as const) {
    const section = data[kind];
    if (!isMap(section)) continue;
    const allowed = SUPPORTED_NESTED_KEYS[`top-level ${kind}.<name>`];
    for (const [name, v] of Object.entries(section)) check(v, allowed, [kind, name], posOf, out);
  }
}
