import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ComposeError } from './compose-error';
import type { ComposeProject, NetworkSpec, ServiceSpec, SourcePos, VolumeSpec } from './compose-model';
import { isPlainObject, mergeService } from './compose-merge';
import { interpolate, InterpolationError, parseEnvFile } from './interpolate';
import { normalizeService } from './service-normalizer';
import { reportNestedTopLevelKeys } from './nested-keys';
import { planWaves } from './stack-planner';
import { formatPath, YamlSource, type PathPart } from './yaml-source';

export interface LoadOptions {
  /** Compose files in order; later files override earlier ones. */
  files?: string[];
  /** A folder of compose files (*.yml, *.yaml), read in name order. */
  templatesDir?: string;
  /** Profiles to activate; services without profiles are always on. `full`-style "all" is just a profile. */
  profiles?: string[];
  /** Variables for interpolation (process env merged with the app's env file by the caller). */
  env?: Record<string, string | undefined>;
  projectName?: string;
  /** Paths shown in errors relative to this folder. */
  displayRoot?: string;
}

const TOP_LEVEL = new Set(['services', 'volumes', 'networks', 'name', 'version']);

/** Lists a templates folder's compose files in the order they are merged. */
export function templateFiles(dir: string): string[] {
  if (!existsSync(dir)) throw new ComposeError(undefined, '', `templates folder ${dir} does not exist`);
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && !f.startsWith('.'))
    .sort((a, b) => Number(a.includes('override')) - Number(b.includes('override')) || a.localeCompare(b))
    .map((f) => join(dir, f));
}

/** Reads compose files into one resolved, validated model for the chosen profiles. */
export function loadProject(options: LoadOptions): ComposeProject {
  const files = options.files ?? (options.templatesDir ? templateFiles(options.templatesDir) : []);
  if (files.length === 0) throw new ComposeError(undefined, '', 'no compose files given');
  const env = options.env ?? process.env;
  const lookup = (name: string): string | undefined => env[name];
  const display = (f: string) => (options.displayRoot ? relativeTo(options.displayRoot, f) : f);
  const ignored: ComposeProject['ignored'] = [];

  const rawServices = new Map<string, { data: Record<string, unknown>; source: YamlSource }>();
  const volumes: Record<string, VolumeSpec> = {};
  const networks: Record<string, NetworkSpec> = { default: { name: 'default', driver: 'bridge', external: false, labels: {} } };
  let name = options.projectName;

  for (const file of files) {
    const source = YamlSource.read(file, display(file));
    const data = interpolateTree(source.data, [], source, lookup) as Record<string, unknown>;
    for (const key of Object.keys(data)) {
      if (!TOP_LEVEL.has(key) && !key.startsWith('x-')) ignored.push({ path: key, pos: source.pos([key]) });
    }
    reportNestedTopLevelKeys(data, (p) => source.pos(p), ignored);
    if (!name && typeof data.name === 'string') name = data.name;
    for (const [kind, target] of [['volumes', volumes], ['networks', networks]] as const) {
      const section = data[kind] ?? {};
      if (!isPlainObject(section)) throw new ComposeError(source.pos([kind]), kind, 'must be a mapping');
      for (const [key, raw] of Object.entries(section)) {
        const v = (raw ?? {}) as Record<string, unknown>;
        (target as Record<string, VolumeSpec | NetworkSpec>)[key] = {
          name: typeof v.name === 'string' ? v.name : key,
          driver: typeof v.driver === 'string' ? v.driver : kind === 'volumes' ? 'local' : 'bridge',
          external: v.external === true,
          labels: isPlainObject(v.labels) ? Object.fromEntries(Object.entries(v.labels).map(([a, b]) => [a, String(b)])) : {},
        };
      }
    }
    const services = data.services ?? {};
    if (!isPlainObject(services)) throw new ComposeError(source.pos(['services']), 'services', 'must be a mapping of service names');
    for (const [svcName, raw] of Object.entries(services)) {
      if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(svcName)) {
        throw new ComposeError(source.pos(['services', svcName]), `services.${svcName}`, 'a service name may hold letters, digits, _ . - only');
      }
      if (!isPlainObject(raw)) throw new ComposeError(source.pos(['services', svcName]), `services.${svcName}`, 'a service must be a mapping');
      const prev = rawServices.get(svcName);
      rawServices.set(svcName, { data: prev ? mergeService(prev.data, raw) : raw, source });
    }
  }

  for (const [svcName, entry] of rawServices) entry.data = resolveExtends(svcName, entry, rawServices, lookup, display, []);

  const volumeNames = new Set(Object.keys(volumes));
  const networkNames = new Set(Object.keys(networks));
  const all: Record<string, ServiceSpec> = {};
  // Relative paths in every file, overrides included, start at the project directory.
  const projectDir = dirname(resolve(files[0]!));
  for (const [svcName, { data, source }] of rawServices) {
    all[svcName] = normalizeService(svcName, data, {
      source,
      lookup,
      volumes: volumeNames,
      networks: networkNames,
      ignored,
      projectDir,
      readEnvFile: (f: string, pos: SourcePos) => {
        const path = resolve(projectDir, f);
        try {
          return parseEnvFile(readFileSync(path, 'utf8'));
        } catch (err) {
          throw new ComposeError(pos, `services.${svcName}.env_file`, `cannot read ${f}: ${(err as Error).message}`);
        }
      },
    });
  }

  for (const svc of Object.values(all)) {
    for (const dep of Object.keys(svc.dependsOn)) {
      if (!all[dep]) {
        const src = rawServices.get(svc.name)!.source;
        throw new ComposeError(src.pos(['services', svc.name, 'depends_on']), `services.${svc.name}.depends_on`, `depends on '${dep}', which is not a service`);
      }
    }
  }

  planWaves(all);
  const profiles = [...new Set(Object.values(all).flatMap((s) => s.profiles))].sort();
  const active = options.profiles ?? [];
  for (const p of active) {
    if (!profiles.includes(p)) {
      throw new ComposeError(undefined, '', `no service is in profile '${p}' (profiles: ${profiles.join(', ') || 'none'})`);
    }
  }
  const enabled = selectServices(all, active);
  checkPortCollisions(enabled, rawServices);

  const projectName = normalizeProjectName(name ?? basename(dirname(resolve(files[0]!))));
  return {
    name: projectName,
    files: files.map((f) => resolve(f)),
    workingDir: dirname(resolve(files[0]!)),
    services: enabled,
    networks,
    volumes,
    profiles,
    activeProfiles: active,
    ignored,
  };
}

/** Services with no profiles, those in an active profile, and everything they depend on. */
export function selectServices(all: Record<string, ServiceSpec>, active: string[]): Record<string, ServiceSpec> {
  const chosen = new Set(Object.values(all).filter((s) => s.profiles.length === 0 || s.profiles.some((p) => active.includes(p))).map((s) => s.name));
  const queue = [...chosen];
  while (queue.length) {
    const svc = all[queue.pop()!]!;
    for (const [dep, d] of Object.entries(svc.dependsOn)) {
      if (!chosen.has(dep) && d.required) {
        chosen.add(dep);
        queue.push(dep);
      }
    }
  }
  return Object.fromEntries([...chosen].sort().map((n) => [n, all[n]!]));
}

export function normalizeProjectName(name: string): string {
  const n = name.toLowerCase().replace(/[^a-z0-9_-]/g, '');
  if (!/^[a-z0-9]/.test(n)) throw new ComposeError(undefined, 'name', `'${name}' is not a valid project name (lowercase letters, digits, - and _)`);
  return n;
}

function checkPortCollisions(services: Record<string, ServiceSpec>, raw: Map<string, { source: YamlSource }>): void {
  const used = new Map<string, string>();
  for (const svc of Object.values(services)) {
    svc.ports.forEach((p, i) => {
      if (p.hostPort === undefined) return;
      const key = `${p.hostPort}/${p.protocol}`;
      const other = used.get(key);
      if (other && other !== svc.name) {
        const path: PathPart[] = ['services', svc.name, 'ports', i];
        throw new ComposeError(raw.get(svc.name)!.source.pos(path), formatPath(path), `host port ${key} is also published by '${other}'`);
      }
      used.set(key, svc.name);
    });
  }
}

function resolveExtends(
  name: string,
  entry: { data: Record<string, unknown>; source: YamlSource },
  services: Map<string, { data: Record<string, unknown>; source: YamlSource }>,
  lookup: (n: string) => string | undefined,
  display: (f: string) => string,
  chain: string[],
): Record<string, unknown> {
  const ext = entry.data.extends;
  if (ext === undefined) return entry.data;
  const path: PathPart[] = ['services', name, 'extends'];
  const spec = typeof ext === 'string' ? { service: ext } : (ext as { service?: unknown; file?: unknown });
  if (typeof spec.service !== 'string') throw new ComposeError(entry.source.pos(path), formatPath(path), 'needs a service name');
  if (chain.includes(name)) throw new ComposeError(entry.source.pos(path), formatPath(path), `extends cycle: ${[...chain, name].join(' -> ')}`);
  let base: { data: Record<string, unknown>; source: YamlSource } | undefined;
  if (typeof spec.file === 'string') {
    const file = resolve(dirname(resolve(entry.source.file)), spec.file);
    const src = YamlSource.read(file, display(file));
    const data = interpolateTree(src.data, [], src, lookup) as { services?: Record<string, unknown> };
    const svc = data.services?.[spec.service];
    if (isPlainObject(svc)) base = { data: svc, source: src };
  } else base = services.get(spec.service);
  if (!base) throw new ComposeError(entry.source.pos(path), formatPath(path), `extends '${spec.service}', which is not a service${typeof spec.file === 'string' ? ` in ${spec.file}` : ''}`);
  const baseData = resolveExtends(spec.service, base, services, lookup, display, [...chain, name]);
  const { extends: _drop, ...own } = entry.data;
  const { depends_on: _noDeps, ...inherited } = baseData;
  return mergeService(inherited, own);
}

function interpolateTree(value: unknown, path: PathPart[], source: YamlSource, lookup: (n: string) => string | undefined): unknown {
  if (typeof value === 'string') {
    try {
      return interpolate(value, lookup);
    } catch (err) {
      if (err instanceof InterpolationError) throw new ComposeError(source.pos(path), formatPath(path), err.message);
      throw err;
    }
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolateTree(v, [...path, i], source, lookup));
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateTree(v, [...path, k], source, lookup)]));
  }
  return value;
}

function relativeTo(root: string, file: string): string {
  const abs = resolve(file);
  const r = resolve(root);
  return abs.startsWith(r + '/') ? abs.slice(r.length + 1) : abs;
}
