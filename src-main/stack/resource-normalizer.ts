import { ComposeError } from './compose-error';
import type { RawModel, RawResource } from './compose-files';
import type { ComposeProject, NetworkSpec, VolumeSpec } from './compose-model';
import { isPlainObject } from './compose-merge';
import { resolve } from 'node:path';
import type { FileResource } from './service-runtime-fields';

function stringMap(v: unknown): Record<string, string> {
  if (Array.isArray(v)) {
    return Object.fromEntries(
      v.map(String).map((s) => (s.includes('=') ? [s.slice(0, s.indexOf('=')), s.slice(s.indexOf('=') + 1)] : [s, ''])),
    );
  }
  return isPlainObject(v) ? Object.fromEntries(Object.entries(v).map(([a, b]) => [a, String(b)])) : {};
}

/** The engine name of a network or volume: its `name:` as it is, else `<project>_<key>`; external ones by name. */
function engineName(key: string, data: Record<string, unknown>, project: string): string {
  const ext = data.external;
  const extName = isPlainObject(ext) && typeof ext.name === 'string' ? ext.name : undefined;
  if (typeof data.name === 'string' && data.name) return data.name;
  if (extName) return extName;
  return ext ? key : `${project}_${key}`;
}

/**
 * Top-level networks, volumes, secrets and configs. Networks and volumes carry their engine
 * names; secrets and configs must be file-based (they are bind-mounted, as docker compose does
 * without a swarm), and anything else is an error naming the entry.
 */
export function normalizeResources(raw: RawModel, project: string, ignored: ComposeProject['ignored']) {
  const networks: Record<string, NetworkSpec> = {
    default: {
      name: `${project}_default`,
      driver: 'bridge',
      external: false,
      labels: {},
      internal: false,
      driverOpts: {},
    },
  };
  for (const [key, { data }] of raw.resources.networks) {
    networks[key] = {
      name: engineName(key, data, project),
      driver: typeof data.driver === 'string' ? data.driver : 'bridge',
      external: Boolean(data.external),
      labels: stringMap(data.labels),
      internal: data.internal === true,
      driverOpts: stringMap(data.driver_opts),
      ...(typeof data.enable_ipv6 === 'boolean' ? { enableIpv6: data.enable_ipv6 } : {}),
      ...(typeof data.attachable === 'boolean' ? { attachable: data.attachable } : {}),
    };
  }
  const volumes: Record<string, VolumeSpec> = {};
  for (const [key, { data }] of raw.resources.volumes) {
    volumes[key] = {
      name: engineName(key, data, project),
      driver: typeof data.driver === 'string' ? data.driver : 'local',
      external: Boolean(data.external),
      labels: stringMap(data.labels),
      driverOpts: stringMap(data.driver_opts),
    };
  }
  const files = (kind: 'secrets' | 'configs') => {
    const out = new Map<string, { file: string }>();
    for (const [key, entry] of raw.resources[kind]) out.set(key, fileResource(kind, key, entry, ignored));
    return out;
  };
  return { networks, volumes, secrets: files('secrets'), configs: files('configs') };
}

function fileResource(
  kind: 'secrets' | 'configs',
  key: string,
  { data, source, baseDir }: RawResource,
  ignored: ComposeProject['ignored'],
): FileResource {
  if (typeof data.file === 'string') {
    for (const k of Object.keys(data))
      if (k !== 'file' && k !== 'name' && !k.startsWith('x-'))
        ignored.push({ path: `${kind}.${key}.${k}`, pos: source.pos([kind, key, k]) });
    return { file: resolve(baseDir, data.file) };
  }
  const form = ['environment', 'content', 'external'].find((k) => data[k] !== undefined) ?? 'no file';
  throw new ComposeError(
    source.pos([kind, key]),
    `${kind}.${key}`,
    `only file-based ${kind} are supported (this one is ${form === 'no file' ? 'without a file' : `'${form}'`}): write it to a file and give file: PATH`,
  );
}
