import { isAbsolute, resolve } from 'node:path';
import type { BuildSpec, DeviceMapping, DeviceRequest, Mount } from './compose-model';
import { asStringList, asStringMap, FieldError } from './service-fields';

type Lookup = (name: string) => string | undefined;

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `build:` as a context path or the long mapping; only local folders are built. */
export function parseBuild(value: unknown, baseDir: string, lookup: Lookup): BuildSpec | undefined {
  if (value === undefined || value === null) return undefined;
  const v: Record<string, unknown> = typeof value === 'string' ? { context: value } : isMap(value) ? value : {};
  if (!isMap(value) && typeof value !== 'string') throw new FieldError('must be a context folder or a mapping');
  const context = typeof v.context === 'string' ? v.context : '.';
  if (/^(https?|git|ssh):\/\/|^git@|\.git(#.*)?$/.test(context)) {
    throw new FieldError(`'${context}' is a remote context; only a local folder can be built`, ['context']);
  }
  const args = Array.isArray(v.args) || isMap(v.args) ? asStringMap(v.args, lookup) : {};
  const labels = Array.isArray(v.labels) || isMap(v.labels) ? asStringMap(v.labels, () => undefined) : {};
  return {
    context: isAbsolute(context) ? context : resolve(baseDir, context),
    dockerfile: typeof v.dockerfile === 'string' ? v.dockerfile : 'Dockerfile',
    ...(typeof v.dockerfile_inline === 'string' ? { dockerfileInline: v.dockerfile_inline } : {}),
    args,
    ...(typeof v.target === 'string' ? { target: v.target } : {}),
    labels,
    ...(typeof v.network === 'string' ? { network: v.network } : {}),
    noCache: v.no_cache === true,
    pull: v.pull === true,
    buildOnly: false,
  };
}

/** `devices:` as `host[:container[:permissions]]` or `{source, target, permissions}`; CDI names become device requests. */
export function parseDevices(value: unknown): { devices: DeviceMapping[]; cdi: DeviceRequest[] } {
  const devices: DeviceMapping[] = [];
  const cdi: DeviceRequest[] = [];
  if (value === undefined || value === null) return { devices, cdi };
  if (!Array.isArray(value)) throw new FieldError('must be a list of devices');
  value.forEach((item, i) => {
    if (isMap(item)) {
      if (typeof item.source !== 'string') throw new FieldError('needs a source', [i, 'source']);
      const target = typeof item.target === 'string' ? item.target : item.source;
      devices.push({
        pathOnHost: item.source,
        pathInContainer: target,
        permissions: typeof item.permissions === 'string' ? item.permissions : 'rwm',
      });
      return;
    }
    if (typeof item !== 'string') throw new FieldError(`'${String(item)}' is not a device`, [i]);
    if (!item.startsWith('/') && /^[\w.-]+\/[\w.-]+=[\w.-]+$/.test(item)) {
      cdi.push({ driver: 'cdi', deviceIds: [item], capabilities: [], options: {} });
      return;
    }
    const parts = item.split(':');
    if (parts.length > 3 || !parts[0]!.startsWith('/'))
      throw new FieldError(`'${item}' is not a device (host path[:container path[:permissions]])`, [i]);
    const [host, container = host, permissions = 'rwm'] = parts as [string, string?, string?];
    if (!/^[rwm]+$/.test(permissions))
      throw new FieldError(`'${item}': permissions '${permissions}' must be letters of rwm`, [i]);
    devices.push({ pathOnHost: host, pathInContainer: container, permissions });
  });
  return { devices, cdi };
}

/**
 * GPU and other device reservations (`deploy.resources.reservations.devices`, `gpus:`) as the
 * engine's DeviceRequests. `count: all` is -1; with neither a count nor device ids, all devices.
 */
export function parseDeviceRequests(value: unknown): DeviceRequest[] {
  if (value === undefined || value === null) return [];
  if (value === 'all') return [{ count: -1, capabilities: ['gpu'], options: {} }];
  if (!Array.isArray(value)) throw new FieldError('must be a list of device requests');
  return value.map((item, i) => {
    if (!isMap(item)) throw new FieldError('must be a mapping', [i]);
    const ids = item.device_ids === undefined ? undefined : asStringList(item.device_ids, 'device_ids');
    let count: number | undefined;
    if (item.count !== undefined) {
      if (ids) throw new FieldError('count and device_ids cannot both be set', [i, 'count']);
      count = String(item.count).toLowerCase() === 'all' ? -1 : Number(item.count);
      if (!Number.isInteger(count) || count < -1)
        throw new FieldError(`'${String(item.count)}' is not a number of devices or 'all'`, [i, 'count']);
    } else if (!ids) count = -1;
    const capabilities = item.capabilities === undefined ? ['gpu'] : asStringList(item.capabilities, 'capabilities');
    return {
      ...(typeof item.driver === 'string' ? { driver: item.driver } : {}),
      ...(count !== undefined ? { count } : {}),
      ...(ids ? { deviceIds: ids } : {}),
      capabilities,
      options: isMap(item.options) ? asStringMap(item.options, () => undefined) : {},
    };
  });
}

export function parseLogging(value: unknown): { driver: string; options: Record<string, string> } | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isMap(value)) throw new FieldError('must be a mapping');
  return {
    driver: typeof value.driver === 'string' ? value.driver : 'json-file',
    options: isMap(value.options) ? asStringMap(value.options, () => undefined) : {},
  };
}

/** `network_mode`: the forms the engine takes. `service:x` runs in x's network namespace. */
export function parseNetworkMode(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new FieldError('must be a string');
  if (!/^(host|none|bridge|default|service:[\w.-]+|container:[\w.-]+)$/.test(value)) {
    throw new FieldError(`'${value}' is not a network mode (host, none, bridge, service:NAME or container:NAME)`);
  }
  return value;
}

/** A top-level secret or config that can be mounted: only file-based ones are. */
export interface FileResource {
  file: string;
}

/** Service `secrets:` / `configs:` as read-only bind mounts of their files, as docker compose mounts them. */
export function fileResourceMounts(
  value: unknown,
  kind: 'secrets' | 'configs',
  declared: Map<string, FileResource>,
): Mount[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new FieldError(`must be a list of ${kind}`);
  return value.map((item, i) => {
    const spec = typeof item === 'string' ? { source: item } : isMap(item) ? item : undefined;
    if (!spec || typeof spec.source !== 'string') throw new FieldError(`must name one of the top-level ${kind}`, [i]);
    const resource = declared.get(spec.source);
    if (!resource) throw new FieldError(`'${spec.source}' is not declared in the top-level ${kind}`, [i]);
    const target = typeof spec.target === 'string' ? spec.target : spec.source;
    const path = target.startsWith('/') ? target : kind === 'secrets' ? `/run/secrets/${target}` : `/${target}`;
    return { type: 'bind' as const, source: resource.file, target: path, readOnly: true };
  });
}
