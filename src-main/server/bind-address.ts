import { isIP } from 'node:net';
import { hostname as osHostname, networkInterfaces, type NetworkInterfaceInfo } from 'node:os';

/** What `--host` means for the server: who can reach it, the names it answers to, the URL to print. */
export interface BindPlan {
  host: string;
  /** Reachable from this machine only (127.0.0.0/8, ::1, localhost). */
  loopback: boolean;
  /** 0.0.0.0 or :: (every interface). */
  wildcard: boolean;
  /** Host names (IPv6 in brackets) a client may put in the Host header. */
  names: string[];
  /** The host part of the URL the server prints: a wildcard bind shows one of this machine's addresses. */
  shownHost: string;
  /** Every address the server can be reached at, for the lines printed after the URL. */
  addresses: string[];
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return h.startsWith('::ffff:127.');
}

export function bracketed(address: string): string {
  return isIP(address) === 6 ? `[${address}]` : address;
}

/**
 * Plans a bind. A wildcard bind answers to every address of this machine's interfaces (IPv4 ones
 * for 0.0.0.0, IPv4 and IPv6 for ::, link-local IPv6 left out: browsers cannot put a zone in a
 * URL) and to the machine's host name; a specific address or name answers to itself. The loopback
 * names are always accepted: they cannot be rebound by DNS.
 */
export function planBind(
  host: string,
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces(),
  machineName: string = osHostname(),
): BindPlan {
  const bare = host.replace(/^\[|\]$/g, '');
  const wildcard = bare === '0.0.0.0' || bare === '::';
  const own = Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((i) => (bare === '0.0.0.0' ? i.family === 'IPv4' : !(i.family === 'IPv6' && i.scopeid)))
    .map((i) => i.address);
  const external = own.filter((a) => !isLoopbackHost(a));
  const names = new Set(LOOPBACK_NAMES);
  if (wildcard) {
    for (const a of own) names.add(bracketed(a));
    if (machineName) names.add(machineName.toLowerCase());
  } else names.add(bracketed(bare).toLowerCase());
  const shownHost = wildcard
    ? bracketed(external.find((a) => isIP(a) === 4) ?? external[0] ?? '127.0.0.1')
    : bracketed(bare);
  return {
    host: bare,
    loopback: !wildcard && isLoopbackHost(bare),
    wildcard,
    names: [...names],
    shownHost,
    addresses: wildcard ? [...external.map(bracketed), '127.0.0.1'] : [bracketed(bare)],
  };
}
