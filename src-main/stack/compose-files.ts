import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ComposeError } from './compose-error';
import type { SourcePos } from './compose-model';
import { deepMerge, isPlainObject, mergeService } from './compose-merge';
import { validateComposeFile } from './compose-schema';
import { interpolate, InterpolationError } from './interpolate';
import { readEnvFile } from './project-environment';
import { formatPath, YamlSource, type PathPart } from './yaml-source';

export type Lookup = (name: string) => string | undefined;

/** A service as read from the files (merged, interpolated, schema-checked), not yet normalized. */
export interface RawService {
  data: Record<string, unknown>;
  source: YamlSource;
  /** The folder its relative paths are resolved from: its project's folder. */
  baseDir: string;
  lookup: Lookup;
}

export interface RawResource {
  data: Record<string, unknown>;
  source: YamlSource;
  baseDir: string;
}

export const RESOURCE_KINDS = ['volumes', 'networks', 'secrets', 'configs'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export interface RawModel {
  name?: string;
  services: Map<string, RawService>;
  resources: Record<ResourceKind, Map<string, RawResource>>;
  /** Each variable used without a value or default, where it was first met. */
  unset: Map<string, SourcePos>;
  /** The unset variables used in each value, by `file|path`, to name them in errors about that value. */
  unsetAt: Map<string, string[]>;
}

export interface ReadContext {
  baseDir: string;
  lookup: Lookup;
  display: (file: string) => string;
  /** Files being included, outermost first, to find include cycles. */
  chain: string[];
}

export function emptyModel(): RawModel {
  return {
    services: new Map(),
    resources: { volumes: new Map(), networks: new Map(), secrets: new Map(), configs: new Map() },
    unset: new Map(),
    unsetAt: new Map(),
  };
}

/**
 * Reads compose files in order into one raw model, as compose does: each file interpolated,
 * checked against the compose specification, its `include`s loaded as projects of their own
 * (own folder, own `.env`), then merged over what came before.
 */
export function readComposeFiles(files: string[], ctx: ReadContext, model: RawModel = emptyModel()): RawModel {
  for (const file of files) {
    const source = YamlSource.read(file, ctx.display(file));
    const data = interpolateTree(source.data, [], source, ctx.lookup, model) as Record<string, unknown>;
    validateComposeFile(data, source);
    if (Array.isArray(data.include)) data.include.forEach((entry, i) => include(entry, i, file, source, ctx, model));
    if (typeof data.name === 'string' && data.name) model.name = data.name;
    for (const kind of RESOURCE_KINDS) {
      for (const [key, raw] of Object.entries((data[kind] ?? {}) as Record<string, unknown>)) {
        const value = isPlainObject(raw) ? raw : {};
        const prev = model.resources[kind].get(key);
        model.resources[kind].set(key, {
          data: prev ? deepMerge(prev.data, value) : value,
          source,
          baseDir: ctx.baseDir,
        });
      }
    }
    for (const [name, raw] of Object.entries((data.services ?? {}) as Record<string, unknown>)) {
      if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name)) {
        throw new ComposeError(
          source.pos(['services', name]),
          `services.${name}`,
          'a service name may hold letters, digits, _ . - only, and starts with a letter or digit',
        );
      }
      const value = isPlainObject(raw) ? raw : {};
      const prev = model.services.get(name);
      model.services.set(name, {
        data: prev ? mergeService(prev.data, value) : value,
        source,
        baseDir: ctx.baseDir,
        lookup: ctx.lookup,
      });
    }
  }
  return model;
}

function include(
  entry: unknown,
  index: number,
  file: string,
  source: YamlSource,
  ctx: ReadContext,
  model: RawModel,
): void {
  const at: PathPart[] = ['include', index];
  const fail = (message: string): never => {
    throw new ComposeError(source.pos(at), formatPath(at), message);
  };
  const spec =
    typeof entry === 'string'
      ? { path: entry }
      : (entry as { path?: unknown; env_file?: unknown; project_directory?: unknown });
  const paths = (Array.isArray(spec.path) ? spec.path : [spec.path]).map(String).map((p) => resolve(ctx.baseDir, p));
  for (const p of paths) if (!existsSync(p)) fail(`cannot include ${p}: no such file`);
  const chain = [...ctx.chain, resolve(file)];
  if (chain.includes(paths[0]!)) fail(`include cycle: ${[...chain, paths[0]!].map(ctx.display).join(' -> ')}`);
  const projectDir =
    typeof spec.project_directory === 'string' ? resolve(ctx.baseDir, spec.project_directory) : dirname(paths[0]!);
  const envFiles =
    spec.env_file === undefined
      ? [join(projectDir, '.env')].filter((f) => existsSync(f) && statSync(f).isFile())
      : (Array.isArray(spec.env_file) ? spec.env_file : [spec.env_file]).map((f) => resolve(ctx.baseDir, String(f)));
  const fromFiles: Record<string, string> = {};
  for (const f of envFiles)
    Object.assign(
      fromFiles,
      readEnvFile(f, (n) => ctx.lookup(n) ?? fromFiles[n], ctx.display(f)),
    );
  // The including project's variables win over the included project's env files, as in compose.
  const lookup: Lookup = (n) => ctx.lookup(n) ?? fromFiles[n];
  readComposeFiles(paths, { baseDir: projectDir, lookup, display: ctx.display, chain }, model);
}

function interpolateTree(
  value: unknown,
  path: PathPart[],
  source: YamlSource,
  lookup: Lookup,
  model: RawModel,
): unknown {
  if (typeof value === 'string') {
    const missing: string[] = [];
    let out: string;
    try {
      out = interpolate(value, lookup, (name) => missing.push(name));
    } catch (err) {
      if (err instanceof InterpolationError) throw new ComposeError(source.pos(path), formatPath(path), err.message);
      throw err;
    }
    if (missing.length) {
      for (const name of missing) if (!model.unset.has(name)) model.unset.set(name, source.pos(path));
      model.unsetAt.set(`${source.file}|${formatPath(path)}`, missing);
    }
    return out;
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolateTree(v, [...path, i], source, lookup, model));
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, interpolateTree(v, [...path, k], source, lookup, model)]),
    );
  }
  return value;
}

/** The interpolation helper for files read outside the model (`extends: {file}`). */
export function interpolateFile(source: YamlSource, lookup: Lookup, model: RawModel): Record<string, unknown> {
  return interpolateTree(source.data, [], source, lookup, model) as Record<string, unknown>;
}
