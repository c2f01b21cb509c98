import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ComposeError } from './compose-error';
import { interpolateFile, readComposeFiles, type Lookup, type RawModel, type RawService } from './compose-files';
import type { ComposeProject, ComposeWarning, ServiceSpec, SourcePos, Tier } from './compose-model';
import { isPlainObject, mergeService } from './compose-merge';
import { normalizeService } from './service-normalizer';
import { reportNestedTopLevelKeys } from './nested-keys';
import { profilesFromEnvironment, readEnvFile, readProjectEnvironment } from './project-environment';
import { normalizeResources } from './resource-normalizer';
import { asStringList, parseDependsOn } from './service-fields';
import { planWaves } from './stack-planner';
import { formatPath, YamlSource, type PathPart } from './yaml-source';

export interface LoadOptions {
  /** Compose files in order; later files override earlier ones. */
  files?: string[];
  /** A folder of compose files (*.yml, *.yaml), read in name order. */
  templatesDir?: string;
  /**
   * Profiles to activate (`--profile a --profile b`); `*` activates all. Undefined: those in
   * `COMPOSE_PROFILES`, else none. Services without profiles are always on.
   */
  profiles?: string[];
  /** The process environment (and any variables the caller adds, such as generated secrets). */
  env?: Record<string, string | undefined>;
  /** `--env-file`, in order; instead of the project folder's `.env`. */
  envFiles?: string[];
  /** The project folder: relative paths and `.env` are found here (default: the first file's folder). */
  projectDir?: string;
  /** `-p`: wins over `COMPOSE_PROJECT_NAME`, the files' `name:` and the folder's name. */
  projectName?: string;
  /** Paths shown in errors relative to this folder. */
  displayRoot?: string;
  /** The tier of services whose labels name none (`ai.sutazai.tier`); default `core`. */
  defaultTier?: Tier;
}

/** Lists a templates folder's compose files in the order they are merged. */
export function templateFiles(dir: string): string[] {
  if (!existsSync(dir)) throw new ComposeError(undefined, '', `templates folder ${dir} does not exist`);
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f) && !f.startsWith('.'))
    .sort((a, b) => Number(a.includes('override')) - Number(b.includes('override')) || a.localeCompare(b))
    .map((f) => join(dir, f));
}

/**
 * Reads a compose project into one resolved, validated model for the chosen profiles, as docker
 * compose reads it: `.env` and `--env-file`, interpolation (unset variables are warnings),
 * `include`, several files merged, `extends`, schema validation, profiles. Services of inactive
 * profiles are checked against the schema only.
 */
export function loadProject(options: LoadOptions): ComposeProject {
  const files = (options.files ?? (options.templatesDir ? templateFiles(options.templatesDir) : [])).map((f) =>
    resolve(f),
  );
  if (files.length === 0) throw new ComposeError(undefined, '', 'no compose files given');
  const projectDir = resolve(options.projectDir ?? dirname(files[0]!));
  const display = (f: string) => (options.displayRoot ? relativeTo(options.displayRoot, f) : f);
  const environment = readProjectEnvironment(projectDir, options.env ?? process.env, options.envFiles);
  const lookup: Lookup = (name) => environment.values[name];
  const raw = readComposeFiles(files, { baseDir: projectDir, lookup, display, chain: [] });
  const ignored: ComposeProject['ignored'] = [];
  const warnings: ComposeWarning[] = [...raw.unset].map(([name, pos]) => ({
    message: `variable ${name} is not set; it is read as an empty string`,
    pos,
  }));
  for (const src of new Set(
    [...raw.services.values(), ...Object.values(raw.resources).flatMap((m) => [...m.values()])].map((e) => e.source),
  )) {
    const top = Object.keys(src.data).filter(
      (k) =>
        !['services', 'volumes', 'networks', 'secrets', 'configs', 'name', 'version', 'include'].includes(k) &&
        !k.startsWith('x-'),
    );
    for (const k of top) ignored.push({ path: k, pos: src.pos([k]) });
    reportNestedTopLevelKeys(src.data, (p) => src.pos(p), ignored);
  }

  const name = normalizeProjectName(
    options.projectName ?? environment.values.COMPOSE_PROJECT_NAME ?? raw.name ?? basename(projectDir),
  );
  for (const [svcName, entry] of raw.services) entry.data = resolveExtends(svcName, entry, raw, display, []);

  const all = [...raw.services.keys()];
  const profiles = [...new Set(all.flatMap((n) => profilesOf(raw.services.get(n)!)))].sort();
  const active = options.profiles ?? profilesFromEnvironment(environment.values);
  for (const p of active) {
    if (p !== '*' && !profiles.includes(p))
      throw new ComposeError(
        undefined,
        '',
        `no service is in profile '${p}' (profiles: ${profiles.join(', ') || 'none'})`,
      );
  }
  const chosen = selectRaw(raw, active);
  const { networks, volumes, secrets, configs } = normalizeResources(raw, name, ignored);

  const services: Record<string, ServiceSpec> = {};
  for (const svcName of [...chosen].sort()) {
    const entry = raw.services.get(svcName)!;
    services[svcName] = withUnsetHint(raw, entry.source, () =>
      normalizeService(svcName, entry.data, {
        source: entry.source,
        baseDir: entry.baseDir,
        projectName: name,
        lookup: entry.lookup,
        volumes: new Set(Object.keys(volumes)),
        networks: new Set(Object.keys(networks)),
        secrets,
        configs,
        ignored,
        ...(options.defaultTier ? { defaultTier: options.defaultTier } : {}),
        readEnvFile: (f: string, required: boolean, pos: SourcePos) => {
          const path = resolve(entry.baseDir, f);
          if (!required && !existsSync(path)) return {};
          if (!existsSync(path))
            throw new ComposeError(pos, `services.${svcName}.env_file`, `${f} does not exist (looked for ${path})`);
          return readEnvFile(path, entry.lookup, display(path));
        },
      }),
    );
  }
  checkReferences(services, raw);
  planWaves(services, (svc, dep) => raw.services.get(svc)!.source.pos(['services', svc, 'depends_on', dep]));
  checkPortCollisions(services, raw);

  return {
    name,
    files,
    workingDir: projectDir,
    services,
    networks,
    volumes,
    profiles,
    activeProfiles: active,
    ignored,
    warnings,
    envFiles: environment.files,
  };
}

function profilesOf(entry: RawService): string[] {
  return asStringList(entry.data.profiles, 'profiles');
}

/** The dependencies a raw service names: `depends_on`, and the service whose network it shares. */
function dependenciesOf(entry: RawService): { name: string; required: boolean }[] {
  let deps: ReturnType<typeof parseDependsOn> = {};
  try {
    deps = parseDependsOn(entry.data.depends_on);
  } catch {
    // reported with its line when the service is normalized
  }
  const out = Object.entries(deps).map(([name, d]) => ({ name, required: d.required }));
  const mode = entry.data.network_mode;
  if (typeof mode === 'string' && mode.startsWith('service:')) out.push({ name: mode.slice(8), required: true });
  return out;
}

/** Services with no profiles, those in an active profile, and everything they depend on. */
function selectRaw(raw: RawModel, active: string[]): Set<string> {
  const all = active.includes('*');
  const chosen = new Set(
    [...raw.services]
      .filter(([, e]) => all || profilesOf(e).length === 0 || profilesOf(e).some((p) => active.includes(p)))
      .map(([n]) => n),
  );
  const queue = [...chosen];
  while (queue.length) {
    const name = queue.pop()!;
    for (const dep of dependenciesOf(raw.services.get(name)!)) {
      if (!chosen.has(dep.name) && dep.required && raw.services.has(dep.name)) {
        chosen.add(dep.name);
        queue.push(dep.name);
      }
    }
  }
  return chosen;
}

/** Selects enabled services of an already resolved model (for callers holding every service). */
export function selectServices(all: Record<string, ServiceSpec>, active: string[]): Record<string, ServiceSpec> {
  const chosen = new Set(
    Object.values(all)
      .filter((s) => s.profiles.length === 0 || s.profiles.some((p) => active.includes(p)))
      .map((s) => s.name),
  );
  const queue = [...chosen];
  while (queue.length) {
    for (const [dep, d] of Object.entries(all[queue.pop()!]!.dependsOn)) {
      if (!chosen.has(dep) && d.required && all[dep]) {
        chosen.add(dep);
        queue.push(dep);
      }
    }
  }
  return Object.fromEntries([...chosen].sort().map((n) => [n, all[n]!]));
}

export function normalizeProjectName(name: string): string {
  const n = name.toLowerCase().replace(/[^a-z0-9_-]/g, '');
  if (!/^[a-z0-9]/.test(n))
    throw new ComposeError(
      undefined,
      'name',
      `'${name}' is not a valid project name (lowercase letters, digits, - and _)`,
    );
  return n;
}

function checkReferences(services: Record<string, ServiceSpec>, raw: RawModel): void {
  for (const svc of Object.values(services)) {
    const src = raw.services.get(svc.name)!.source;
    for (const dep of Object.keys(svc.dependsOn)) {
      if (!raw.services.has(dep)) {
        throw new ComposeError(
          src.pos(['services', svc.name, 'depends_on', dep]),
          `services.${svc.name}.depends_on`,
          `depends on '${dep}', which is not a service`,
        );
      }
    }
    const shared = svc.networkMode?.startsWith('service:') ? svc.networkMode.slice(8) : undefined;
    if (shared && !services[shared]) {
      throw new ComposeError(
        src.pos(['services', svc.name, 'network_mode']),
        `services.${svc.name}.network_mode`,
        `'${shared}' is not a service`,
      );
    }
  }
}

/** A value that fails because a variable in it was unset is reported with that variable's name. */
function withUnsetHint<T>(raw: RawModel, source: YamlSource, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof ComposeError)) throw err;
    const names =
      raw.unsetAt.get(`${source.file}|${err.path}`) ??
      [...raw.unsetAt].find(
        ([k]) => k.startsWith(`${source.file}|${err.path}.`) || k.startsWith(`${source.file}|${err.path}[`),
      )?.[1];
    if (!names) throw err;
    throw new ComposeError(err.pos, err.path, `${err.detail} (${names.map((n) => `${n} is not set`).join(', ')})`);
  }
}

function checkPortCollisions(services: Record<string, ServiceSpec>, raw: RawModel): void {
  const used = new Map<string, string>();
  for (const svc of Object.values(services)) {
    svc.ports.forEach((p, i) => {
      if (p.hostPort === undefined || p.hostPortEnd !== undefined) return;
      const key = `${p.hostPort}/${p.protocol}`;
      const other = used.get(key);
      if (other && other !== svc.name) {
        const path: PathPart[] = ['services', svc.name, 'ports', i];
        throw new ComposeError(
          raw.services.get(svc.name)!.source.pos(path),
          formatPath(path),
          `host port ${key} is also published by '${other}'`,
        );
      }
      used.set(key, svc.name);
    });
  }
}

function resolveExtends(
  name: string,
  entry: RawService,
  raw: RawModel,
  display: (f: string) => string,
  chain: string[],
): Record<string, unknown> {
  const ext = entry.data.extends;
  if (ext === undefined) return entry.data;
  const path: PathPart[] = ['services', name, 'extends'];
  const spec = typeof ext === 'string' ? { service: ext } : (ext as { service?: unknown; file?: unknown });
  if (typeof spec.service !== 'string')
    throw new ComposeError(entry.source.pos(path), formatPath(path), 'needs a service name');
  if (chain.includes(name))
    throw new ComposeError(entry.source.pos(path), formatPath(path), `extends cycle: ${[...chain, name].join(' -> ')}`);
  let base: RawService | undefined;
  if (typeof spec.file === 'string') {
    const file = resolve(entry.baseDir, spec.file);
    const src = YamlSource.read(file, display(file));
    const svc = (interpolateFile(src, entry.lookup, raw).services as Record<string, unknown> | undefined)?.[
      spec.service
    ];
    if (isPlainObject(svc)) base = { data: svc, source: src, baseDir: entry.baseDir, lookup: entry.lookup };
  } else base = raw.services.get(spec.service);
  if (!base)
    throw new ComposeError(
      entry.source.pos(path),
      formatPath(path),
      `extends '${spec.service}', which is not a service${typeof spec.file === 'string' ? ` in ${spec.file}` : ''}`,
    );
  const baseData = resolveExtends(spec.service, base, raw, display, [...chain, name]);
  const { extends: _drop, ...own } = entry.data;
  const { depends_on: _noDeps, ...inherited } = baseData;
  return mergeService(inherited, own);
}

function relativeTo(root: string, file: string): string {
  const abs = resolve(file);
  const r = resolve(root);
  return abs.startsWith(r + '/') ? abs.slice(r.length + 1) : abs;
}
