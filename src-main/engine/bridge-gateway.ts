import { createSocket } from 'node:dgram';
import { BlockList, isIPv4 } from 'node:net';
import type { EngineClient } from './engine-client';

export type BridgeGateway = { ok: true; address: string } | { ok: false; reason: string };

interface BridgeNetwork {
  IPAM?: { Config?: { Subnet?: string; Gateway?: string }[] | null };
  Options?: Record<string, string> | null;
}

/**
 * The address of the engine's default bridge on this machine (docker0's, 172.17.0.1 by default):
 * where `host.docker.internal` leads from the stack's containers (`extra_hosts: host-gateway`). Read
 * from the engine (`docker network inspect bridge`): its IPAM gateway, or, where the engine does not
 * list one (Docker 20.10 does not for the default bridge), this machine's own address on the bridge's
 * subnet, as its routing table gives it (docker0 keeps its address while no container is attached,
 * but then it is left out of the interface list Node reads). Only a local engine's bridge is on this
 * machine; a rootless or VM engine's subnet is not, and that is said as the reason.
 */
export async function defaultBridgeGateway(
  engine: Pick<EngineClient, 'docker' | 'endpoint'>,
  sourceAddress: (to: string) => Promise<string> = routeSource,
  timeoutMs = 3000,
): Promise<BridgeGateway> {
  const endpoint = engine.endpoint.url;
  if (!endpoint.startsWith('unix://') && !endpoint.startsWith('npipe://')) {
    return { ok: false, reason: `the engine at ${endpoint} is not on this machine, so its bridge is not either` };
  }
  let network: BridgeNetwork;
  let timer: NodeJS.Timeout | undefined;
  try {
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    network = (await Promise.race([engine.docker.getNetwork('bridge').inspect(), late])) as BridgeNetwork;
  } catch (err) {
    return { ok: false, reason: `the engine did not describe its default bridge network (${(err as Error).message})` };
  } finally {
    clearTimeout(timer);
  }
  const configs = (network.IPAM?.Config ?? []).filter((c) => c.Subnet && isIPv4(c.Subnet.split('/')[0]!));
  const listed = configs.map((c) => c.Gateway).find((g): g is string => !!g && isIPv4(g));
  if (listed) return { ok: true, address: listed };
  const name = network.Options?.['com.docker.network.bridge.name'] ?? 'docker0';
  for (const c of configs) {
    const [base, prefix] = c.Subnet!.split('/');
    const subnet = new BlockList();
    subnet.addSubnet(base!, Number(prefix), 'ipv4');
    const own = await sourceAddress(nextAddress(base!)).catch(() => undefined);
    if (own && subnet.check(own, 'ipv4')) return { ok: true, address: own };
  }
  const subnets = configs.map((c) => c.Subnet).join(', ') || 'no IPv4 subnet';
  return {
    ok: false,
    reason: `the engine's default bridge (${name}, ${subnets}) has no address on this machine (a rootless or VM engine keeps it elsewhere)`,
  };
}

/** The address this machine sends from to reach `to` (a UDP socket's connect sends nothing). */
function routeSource(to: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', (err) => {
      socket.close();
      reject(err);
    });
    socket.connect(9, to, () => {
      const { address } = socket.address();
      socket.close();
      resolve(address);
    });
  });
}

/** The IPv4 address after `address` (the first host of a subnet, from its network address). */
function nextAddress(address: string): string {
  const n = (address.split('.').reduce((acc, part) => acc * 256 + Number(part), 0) + 1) >>> 0;
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}
