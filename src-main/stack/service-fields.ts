import { isAbsolute, resolve } from 'node:path';
import type { Dependency, Healthcheck, Mount } from './compose-model';
import { parseDuration } from './units';

/** A field-level problem; the normalizer adds the file, line and path. */
export class FieldError extends Error {
  constructor(
    message: string,
    readonly subPath: (string | number)[] = [],
  ) {
    super(message);
  }
}

export function asStringList(value: unknown, what: string): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value)) throw new FieldError(`${what} must be a list of strings`);
  return value.map((v, i) => {
    if (typeof v !== 'string' && typeof v !== 'number') throw new FieldError(`must be a string`, [i]);
    return String(v);
  });
}

/** `environment` and `labels`: a mapping or a list of KEY=VALUE (a bare KEY takes the process value). */
export function asStringMap(value: unknown, lookup: (k: string) => string | undefined): Record<string, string> {
  if (value === undefined || value === null) return {};
  const out: Record<string, string> = {};
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      if (typeof item !== 'string') throw new FieldError(`'${String(item)}' is not KEY=VALUE`, [i]);
      const eq = item.indexOf('=');
      if (eq === 0) throw new FieldError(`'${item}' has no key`, [i]);
      if (eq < 0) {
        const v = lookup(item);
        if (v !== undefined) out[item] = v;
      } else out[item.slice(0, eq)] = item.slice(eq + 1);
    });
    return out;
  }
  if (typeof value !== 'object') throw new FieldError('must be a mapping or a list of KEY=VALUE');
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === null || v === undefined) {
      const fromEnv = lookup(k);
      if (fromEnv !== undefined) out[k] = fromEnv;
    } else if (typeof v === 'object') throw new FieldError(`must be a string, number or boolean`, [k]);
    else out[k] = String(v);
  }
  return out;
}

/** `command` / `entrypoint`: a list as it is, a string split the way a shell would split words. */
export function asCommand(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') return shellSplit(value);
  throw new FieldError('must be a string or a list of strings');
}

export function shellSplit(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: '"' | "'" | undefined;
  let has = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < s.length) cur += s[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      has = true;
    } else if (/\s/.test(c)) {
      if (has || cur) out.push(cur);
      cur = '';
      has = false;
    } else if (c === '\\' && i + 1 < s.length) cur += s[++i];
    else cur += c;
  }
  if (quote) throw new FieldError(`unterminated quote in '${s}'`);
  if (has || cur) out.push(cur);
  return out;
}

/** Short syntax `source:target[:ro|rw]`, `target` alone (anonymous), or the long mapping. */
export function parseMount(value: unknown, baseDir: string, knownVolumes: Set<string>): Mount {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    const type = (v.type ?? 'volume') as string;
    if (type !== 'volume' && type !== 'bind' && type !== 'tmpfs')
      throw new FieldError(`mount type '${type}' is not supported (volume, bind or tmpfs)`, ['type']);
    if (typeof v.target !== 'string' || !v.target.startsWith('/'))
      throw new FieldError(`target must be an absolute path in the container`, ['target']);
    const source = typeof v.source === 'string' && v.source !== '' ? v.source : undefined;
    if (type === 'volume' && source && !knownVolumes.has(source))
      throw new FieldError(`volume '${source}' is not declared in the top-level volumes`, ['source']);
    if (type === 'bind' && !source) throw new FieldError('a bind mount needs a source', ['source']);
    const selinux = (v.bind as { selinux?: unknown } | undefined)?.selinux;
    if (selinux !== undefined && selinux !== 'z' && selinux !== 'Z')
      throw new FieldError(`selinux must be z or Z`, ['bind', 'selinux']);
    return {
      type,
      ...(source ? { source: type === 'bind' ? resolveHostPath(source, baseDir) : source } : {}),
      target: v.target,
      readOnly: v.read_only === true,
      ...(selinux ? { selinux } : {}),
    };
  }
  if (typeof value !== 'string') throw new FieldError(`'${String(value)}' is not a volume mapping`);
  const parts = value.split(':');
  if (parts.length === 1) {
    if (!value.startsWith('/'))
      throw new FieldError(`'${value}' is not a volume mapping (target must be an absolute path)`);
    return { type: 'volume', target: value, readOnly: false };
  }
  if (parts.length > 3) throw new FieldError(`'${value}' is not a volume mapping`);
  const [source, target, mode = 'rw'] = parts as [string, string, string?];
  if (source === '') throw new FieldError(`'${value}' has an empty source`);
  if (!target.startsWith('/'))
    throw new FieldError(`'${value}' is not a volume mapping (target '${target}' must be an absolute path)`);
  const modes = mode.split(',');
  if (
    !modes.every((m) =>
      [
        'ro',
        'rw',
        'z',
        'Z',
        'cached',
        'delegated',
        'consistent',
        'nocopy',
        'shared',
        'rshared',
        'slave',
        'rslave',
        'private',
        'rprivate',
      ].includes(m),
    )
  ) {
    throw new FieldError(`'${value}': unknown mode '${mode}'`);
  }
  const readOnly = modes.includes('ro');
  const selinux = modes.includes('Z') ? 'Z' : modes.includes('z') ? 'z' : undefined;
  const isPath = source.startsWith('.') || source.startsWith('/') || source.startsWith('~');
  if (isPath)
    return {
      type: 'bind',
      source: resolveHostPath(source, baseDir),
      target,
      readOnly,
      ...(selinux ? { selinux } : {}),
    };
  if (!knownVolumes.has(source))
    throw new FieldError(`'${value}': volume '${source}' is not declared in the top-level volumes`);
  return { type: 'volume', source, target, readOnly };
}

function resolveHostPath(p: string, baseDir: string): string {
  if (p.startsWith('~')) return resolve(process.env.HOME ?? '/', p.slice(2));
  return isAbsolute(p) ? resolve(p) : resolve(baseDir, p);
}

export function parseDependsOn(value: unknown): Record<string, Dependency> {
  if (value === undefined || value === null) return {};
  const out: Record<string, Dependency> = {};
  if (Array.isArray(value)) {
    value.forEach((name, i) => {
      if (typeof name !== 'string') throw new FieldError('must be a service name', [i]);
      out[name] = { condition: 'service_started', required: true, restart: false };
    });
    return out;
  }
  if (typeof value !== 'object') throw new FieldError('must be a list of services or a mapping');
  for (const [name, raw] of Object.entries(value as Record<string, unknown>)) {
    const v = (raw ?? {}) as Record<string, unknown>;
    const condition = (v.condition ?? 'service_started') as string;
    if (!['service_started', 'service_healthy', 'service_completed_successfully'].includes(condition)) {
      throw new FieldError(
        `condition '${condition}' is not service_started, service_healthy or service_completed_successfully`,
        [name, 'condition'],
      );
    }
    out[name] = {
      condition: condition as Dependency['condition'],
      required: v.required !== false,
      restart: v.restart === true,
    };
  }
  return out;
}

export function parseHealthcheck(value: unknown): Healthcheck | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw new FieldError('must be a mapping');
  const v = value as Record<string, unknown>;
  const duration = (key: string, fallback: number): number => {
    if (v[key] === undefined) return fallback;
    const ms = parseDuration(v[key]);
    if (ms === undefined) throw new FieldError(`'${String(v[key])}' is not a duration (e.g. 30s, 1m30s)`, [key]);
    return ms;
  };
  let test: string[];
  if (v.disable === true) test = ['NONE'];
  else if (typeof v.test === 'string') test = ['CMD-SHELL', v.test];
  else if (Array.isArray(v.test) && v.test.length > 0) {
    test = v.test.map(String);
    if (!['CMD', 'CMD-SHELL', 'NONE'].includes(test[0]!))
      throw new FieldError(`must start with CMD, CMD-SHELL or NONE`, ['test', 0]);
  } else if (v.disable === false && v.test === undefined) {
    // `disable: false` with no test keeps the image's own healthcheck (its timings may still be set).
    test = [];
  } else throw new FieldError('needs a test (a command string or a CMD/CMD-SHELL list)', ['test']);
  const retries = v.retries === undefined ? 3 : Number(v.retries);
  if (!Number.isInteger(retries) || retries < 0)
    throw new FieldError(`'${String(v.retries)}' is not a number of retries`, ['retries']);
  return {
    test,
    intervalMs: duration('interval', 30_000),
    timeoutMs: duration('timeout', 30_000),
    retries,
    startPeriodMs: duration('start_period', 0),
    ...(v.start_interval !== undefined ? { startIntervalMs: duration('start_interval', 5000) } : {}),
  };
}
