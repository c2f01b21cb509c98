import { isIP } from 'node:net';
import { isAbsolute, resolve } from 'node:path';
import type { Dependency, Healthcheck, Mount, PortMapping } from './compose-model';
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

function port(n: string, what: string, original: string): number {
  const v = Number(n);
  if (!/^\d+$/.test(n) || v < 1 || v > 65535) throw new FieldError(`'${original}' is not a port mapping (${what} '${n}' is not a port 1-65535)`);
  return v;
}

/** A published port's host address: an IPv4 or IPv6 address, as the engine requires. */
function hostAddress(ip: string, original: string): string {
  if (isIP(ip) === 0) throw new FieldError(`'${original}' is not a port mapping (host address '${ip}' is not an IPv4 or IPv6 address)`);
  return ip;
}

/** Short syntax `[ip:][host:]container[/proto]` or the long mapping. Ranges are not supported. */
export function parsePort(value: unknown): PortMapping {
  if (typeof value === 'number') return { hostIp: '', containerPort: port(String(value), 'container port', String(value)), protocol: 'tcp' };
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    const protocol = (v.protocol ?? 'tcp') as string;
    if (protocol !== 'tcp' && protocol !== 'udp') throw new FieldError(`protocol '${protocol}' is not tcp or udp`);
    const target = port(String(v.target), 'target', JSON.stringify(value));
    const published = v.published === undefined || v.published === null || v.published === '' ? undefined : port(String(v.published), 'published', JSON.stringify(value));
    const hostIp = v.host_ip === undefined || v.host_ip === null || v.host_ip === '' ? '' : hostAddress(String(v.host_ip), JSON.stringify(value));
    return { hostIp, ...(published ? { hostPort: published } : {}), containerPort: target, protocol };
  }
  if (typeof value !== 'string') throw new FieldError(`'${String(value)}' is not a port mapping`);
  const original = value;
  let spec = value;
  let protocol: 'tcp' | 'udp' = 'tcp';
  const slash = spec.lastIndexOf('/');
  if (slash >= 0) {
    const p = spec.slice(slash + 1);
    if (p !== 'tcp' && p !== 'udp') throw new FieldError(`'${original}' is not a port mapping (protocol '${p}')`);
    protocol = p;
    spec = spec.slice(0, slash);
  }
  if (spec.includes('-')) throw new FieldError(`'${original}': port ranges are not supported; list each port`);
  let hostIp = '';
  if (spec.startsWith('[')) {
    const end = spec.indexOf(']');
    if (end < 0 || spec[end + 1] !== ':') throw new FieldError(`'${original}' is not a port mapping (a bracketed host address is followed by ':' and the ports)`);
    hostIp = hostAddress(spec.slice(1, end), original);
    spec = spec.slice(end + 2);
  }
  let parts = spec.split(':');
  // An unbracketed IPv6 address (`::1:8081:80`, as docker-compose config prints it): the last two parts are the ports.
  if (parts.length > 3 && !hostIp) parts = [parts.slice(0, -2).join(':'), ...parts.slice(-2)];
  if (parts.length > 3) throw new FieldError(`'${original}' is not a port mapping`);
  if (parts.length === 3) {
    const ip = parts.shift()!;
    hostIp = ip === '' ? '' : hostAddress(ip, original);
  }
  if (parts.length === 2) {
    const [h, c] = parts as [string, string];
    return { hostIp, ...(h === '' ? {} : { hostPort: port(h, 'host port', original) }), containerPort: port(c, 'container port', original), protocol };
  }
  return { hostIp, containerPort: port(parts[0]!, 'container port', original), protocol };
}

/** Short syntax `source:target[:ro|rw]`, `target` alone (anonymous), or the long mapping. */
export function parseMount(value: unknown, baseDir: string, knownVolumes: Set<string>): Mount {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    const type = (v.type ?? 'volume') as string;
    if (type !== 'volume' && type !== 'bind' && type !== 'tmpfs') throw new FieldError(`mount type '${type}' is not supported (volume, bind or tmpfs)`);
    if (typeof v.target !== 'string' || !v.target.startsWith('/')) throw new FieldError(`target must be an absolute path in the container`, ['target']);
    const source = typeof v.source === 'string' ? v.source : undefined;
    if (type === 'volume' && source && !knownVolumes.has(source)) throw new FieldError(`volume '${source}' is not declared in the top-level volumes`, ['source']);
    if (type === 'bind' && !source) throw new FieldError('a bind mount needs a source', ['source']);
    return {
      type,
      ...(source ? { source: type === 'bind' ? resolveHostPath(source, baseDir) : source } : {}),
      target: v.target,
      readOnly: v.read_only === true,
    };
  }
  if (typeof value !== 'string') throw new FieldError(`'${String(value)}' is not a volume mapping`);
  const parts = value.split(':');
  if (parts.length === 1) {
    if (!value.startsWith('/')) throw new FieldError(`'${value}' is not a volume mapping (target must be an absolute path)`);
    return { type: 'volume', target: value, readOnly: false };
  }
  if (parts.length > 3) throw new FieldError(`'${value}' is not a volume mapping`);
  const [source, target, mode = 'rw'] = parts as [string, string, string?];
  if (!target.startsWith('/')) throw new FieldError(`'${value}' is not a volume mapping (target '${target}' must be an absolute path)`);
  const modes = mode.split(',');
  if (!modes.every((m) => ['ro', 'rw', 'z', 'Z', 'cached', 'delegated', 'consistent', 'nocopy', 'shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate'].includes(m))) {
    throw new FieldError(`'${value}': unknown mode '${mode}'`);
  }
  const readOnly = modes.includes('ro');
  const isPath = source.startsWith('.') || source.startsWith('/') || source.startsWith('~');
  if (isPath) return { type: 'bind', source: resolveHostPath(source, baseDir), target, readOnly };
  if (!knownVolumes.has(source)) throw new FieldError(`'${value}': volume '${source}' is not declared in the top-level volumes`);
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
      throw new FieldError(`condition '${condition}' is not service_started, service_healthy or service_completed_successfully`, [name, 'condition']);
    }
    out[name] = { condition: condition as Dependency['condition'], required: v.required !== false, restart: v.restart === true };
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
    if (!['CMD', 'CMD-SHELL', 'NONE'].includes(test[0]!)) throw new FieldError(`must start with CMD, CMD-SHELL or NONE`, ['test', 0]);
  } else throw new FieldError('needs a test (a command string or a CMD/CMD-SHELL list)', ['test']);
  const retries = v.retries === undefined ? 3 : Number(v.retries);
  if (!Number.isInteger(retries) || retries < 0) throw new FieldError(`'${String(v.retries)}' is not a number of retries`, ['retries']);
  return {
    test,
    intervalMs: duration('interval', 30_000),
    timeoutMs: duration('timeout', 30_000),
    retries,
    startPeriodMs: duration('start_period', 0),
    ...(v.start_interval !== undefined ? { startIntervalMs: duration('start_interval', 5000) } : {}),
  };
}
