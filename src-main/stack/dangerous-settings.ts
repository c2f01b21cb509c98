import type { DangerousSetting, ServiceSpec } from './compose-model';

/** Host paths whose bind mount hands the container part of the host, and why. */
const HOST_PATHS: [test: (p: string) => boolean, reason: string][] = [
  [(p) => p === '/', "the host's whole file system"],
  [
    (p) => /\/(docker|podman|containerd)\.sock$/.test(p),
    "the container engine's socket: whoever holds it can start any container, which is root on the host",
  ],
  [
    (p) => p === '/var/run' || p === '/run',
    "holds the Docker engine's socket (and other daemons'): control of the engine is root on the host",
  ],
  [
    (p) => p === '/var/lib/docker' || p.startsWith('/var/lib/docker/'),
    "the engine's data: every container's files, logs and secrets",
  ],
  [(p) => p === '/proc' || p.startsWith('/proc/'), "the host's processes and kernel settings"],
  [(p) => p === '/sys' || p.startsWith('/sys/'), "the host's kernel, cgroups and devices"],
  [(p) => p === '/dev' || p.startsWith('/dev/'), "the host's devices"],
  [
    (p) => p === '/etc' || (p.startsWith('/etc/') && !['/etc/localtime', '/etc/timezone'].includes(p)),
    "the host's configuration, including accounts and keys",
  ],
  [
    (p) => p === '/root' || p === '/home' || p === '/boot' || p === '/var' || p === '/usr',
    'a whole system folder of the host',
  ],
];

const CAPABILITIES: Record<string, string> = {
  ALL: 'every kernel capability: as good as privileged',
  SYS_ADMIN: 'mount file systems and much of what root can do on the host kernel',
  SYS_MODULE: 'load kernel modules into the host kernel',
  SYS_PTRACE: 'trace and read the memory of other processes',
  SYS_RAWIO: "raw access to the host's I/O ports and memory",
  NET_ADMIN: 'change the network configuration it can see',
  DAC_READ_SEARCH: 'read any file it can reach, whatever its permissions',
  BPF: 'load eBPF programs into the host kernel',
};

const UNCONFINED = /^(seccomp[=:]unconfined|apparmor[=:]unconfined|label[=:]disable|systempaths=unconfined)$/;

/**
 * The settings of a service that give its container part of the host, each with a one-line
 * reason: binds of the host's root, the engine socket and system folders, privileged mode,
 * strong capabilities, the host's network or processes, host devices, security profiles turned
 * off, and ports published on every interface.
 */
export function dangerousSettings(spec: ServiceSpec): DangerousSetting[] {
  const out: DangerousSetting[] = [];
  for (const m of spec.mounts) {
    if (m.type !== 'bind' || !m.source) continue;
    const hit = HOST_PATHS.find(([test]) => test(m.source!.replace(/\/+$/, '') || '/'));
    if (hit)
      out.push({
        setting: `volumes: ${m.source}:${m.target}${m.readOnly ? ':ro' : ''}`,
        reason: `${hit[1]}${m.readOnly ? ' (read-only)' : ''}`,
      });
  }
  if (spec.privileged)
    out.push({
      setting: 'privileged: true',
      reason: 'every device and capability of the host: the container can do what root can',
    });
  for (const cap of spec.capAdd) {
    const name = cap.toUpperCase().replace(/^CAP_/, '');
    if (CAPABILITIES[name]) out.push({ setting: `cap_add: ${cap}`, reason: CAPABILITIES[name] });
  }
  if (spec.networkMode === 'host')
    out.push({
      setting: 'network_mode: host',
      reason:
        "shares the host's network: every port it opens is open on the host, and it reaches services bound to the host's loopback",
    });
  if (spec.pid === 'host')
    out.push({ setting: 'pid: host', reason: 'sees every process of the host and can signal the ones its user may' });
  for (const d of spec.devices)
    out.push({ setting: `devices: ${d.pathOnHost}`, reason: `direct access to the host device ${d.pathOnHost}` });
  for (const opt of spec.securityOpt)
    if (UNCONFINED.test(opt))
      out.push({
        setting: `security_opt: ${opt}`,
        reason: 'turns off a kernel protection that confines the container',
      });
  for (const p of spec.ports) {
    if (!['', '0.0.0.0', '::'].includes(p.hostIp)) continue;
    const host =
      p.hostPort === undefined ? 'a random port' : `${p.hostPort}${p.hostPortEnd ? `-${p.hostPortEnd}` : ''}`;
    out.push({
      setting: `ports: ${host}->${p.containerPort}/${p.protocol} on all interfaces`,
      reason: 'reachable from other machines on the network, not only from this one',
    });
  }
  return out;
}
