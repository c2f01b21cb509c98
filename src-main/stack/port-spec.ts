import { isIP } from 'node:net';
import type { PortMapping } from './compose-model';
import { FieldError } from './service-fields';

interface Range {
  start: number;
  end: number;
}

function portRange(text: string, what: string, original: string): Range {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  const start = Number(m?.[1]);
  const end = m?.[2] === undefined ? start : Number(m[2]);
  if (!m || start < 1 || start > 65535 || end < 1 || end > 65535 || end < start) {
    throw new FieldError(
      `'${original}' is not a port mapping (${what} '${text}' is not a port 1-65535 or a range of them)`,
    );
  }
  return { start, end };
}

function checkHostIp(ip: string, original: string): void {
  if (ip && isIP(ip) === 0)
    throw new FieldError(`'${original}' is not a port mapping (host address '${ip}' is not an IPv4 or IPv6 address)`);
}

/**
 * One entry of `ports`, as compose reads it: `[ip:][host[-end]:]container[-end][/proto]`, an
 * integer, or the long mapping. Equal host and container ranges give one mapping per port; a
 * host range for one container port lets the engine pick a free host port within it.
 */
export function parsePorts(value: unknown): PortMapping[] {
  if (typeof value === 'number') return parsePorts(String(value));
  if (typeof value === 'object' && value !== null && !Array.isArray(value))
    return [parseLongPort(value as Record<string, unknown>)];
  if (typeof value !== 'string') throw new FieldError(`'${String(value)}' is not a port mapping`);
  const original = value;
  let spec = value;
  let protocol: PortMapping['protocol'] = 'tcp';
  const slash = spec.lastIndexOf('/');
  if (slash >= 0) {
    const p = spec.slice(slash + 1);
    if (p !== 'tcp' && p !== 'udp')
      throw new FieldError(`'${original}' is not a port mapping (protocol '${p}' is not tcp or udp)`);
    protocol = p;
    spec = spec.slice(0, slash);
  }
  let hostIp = '';
  if (spec.startsWith('[')) {
    const end = spec.indexOf(']');
    if (end < 0 || spec[end + 1] !== ':') {
      throw new FieldError(
        `'${original}' is not a port mapping (a bracketed host address is followed by ':' and the ports)`,
      );
    }
    hostIp = spec.slice(1, end);
    spec = spec.slice(end + 2);
    if (!hostIp) throw new FieldError(`'${original}' is not a port mapping (empty host address)`);
  }
  let parts = spec.split(':');
  // An unbracketed IPv6 address (`::1:8081:80`, as docker-compose config prints it): the last two parts are the ports.
  if (parts.length > 3 && !hostIp) parts = [parts.slice(0, -2).join(':'), ...parts.slice(-2)];
  if (parts.length > 3) throw new FieldError(`'${original}' is not a port mapping`);
  if (parts.length === 3) hostIp = parts.shift()!;
  checkHostIp(hostIp, original);
  const container = portRange(parts[parts.length - 1]!, 'container port', original);
  const hostText = parts.length === 2 ? parts[0]! : '';
  return expand(
    hostIp,
    hostText ? portRange(hostText, 'host port', original) : undefined,
    container,
    protocol,
    original,
  );
}

function expand(
  hostIp: string,
  host: Range | undefined,
  container: Range,
  protocol: PortMapping['protocol'],
  original: string,
): PortMapping[] {
  const count = container.end - container.start + 1;
  if (!host) return Array.from({ length: count }, (_, i) => ({ hostIp, containerPort: container.start + i, protocol }));
  const hostCount = host.end - host.start + 1;
  if (count === 1 && hostCount > 1)
    return [{ hostIp, hostPort: host.start, hostPortEnd: host.end, containerPort: container.start, protocol }];
  if (hostCount !== count)
    throw new FieldError(
      `'${original}' is not a port mapping (the host range has ${hostCount} ports, the container range ${count})`,
    );
  return Array.from({ length: count }, (_, i) => ({
    hostIp,
    hostPort: host.start + i,
    containerPort: container.start + i,
    protocol,
  }));
}

function parseLongPort(v: Record<string, unknown>): PortMapping {
  const original = JSON.stringify(v);
  const protocol = String(v.protocol ?? 'tcp');
  if (protocol !== 'tcp' && protocol !== 'udp')
    throw new FieldError(`protocol '${protocol}' is not tcp or udp`, ['protocol']);
  const target = portRange(String(v.target), 'target', original);
  if (target.end !== target.start) throw new FieldError(`target must be one port`, ['target']);
  const hostIp = typeof v.host_ip === 'string' ? v.host_ip : '';
  checkHostIp(hostIp, original);
  const published =
    v.published === undefined || v.published === null || v.published === ''
      ? undefined
      : portRange(String(v.published), 'published', original);
  const [one] = expand(hostIp, published, target, protocol, original);
  return one!;
}
