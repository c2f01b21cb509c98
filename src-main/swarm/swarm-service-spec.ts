import type Docker from 'dockerode';
import type { ComposeProject, ServiceSpec } from '../stack';

/** The label `docker stack` puts on a stack's services, networks, secrets and containers. */
export const STACK_NAMESPACE = 'com.docker.stack.namespace';
/** A compose label with the service's placement constraints, `;`-separated (`node.labels.gpu == true`). */
export const PLACEMENT_LABEL = 'ai.sutazai.placement';

/** A swarm secret a service reads as a file. */
export interface SecretMount {
  /** The swarm secret's name, `<stack>_<name>`. */
  secretName: string;
  /** The file under /run/secrets in the container. */
  fileName: string;
  /** The swarm secret's id, once it exists. */
  secretId?: string;
}

export const swarmServiceName = (stack: string, service: string) => `${stack}_${service}`;
export const stackNetworkName = (stack: string) => `${stack}_default`;
export const stackVolumeName = (stack: string, volume: string) => `${stack}_${volume}`;

const ns = (ms: number) => Math.round(ms * 1e6);

/** Placement constraints from the `ai.sutazai.placement` label, one per `;`. */
export function placementConstraints(spec: ServiceSpec): string[] {
  return (spec.labels[PLACEMENT_LABEL] ?? '')
    .split(';')
    .map((c) => c.trim())
    .filter(Boolean);
}

/** How long the swarm watches a new task before it calls an update good: its health must be known by then. */
export function updateMonitorMs(spec: ServiceSpec): number {
  const hc = spec.healthcheck;
  if (!hc || hc.test[0] === 'NONE') return 5_000;
  return Math.max(5_000, hc.startPeriodMs + hc.intervalMs * (hc.retries + 1) + hc.timeoutMs);
}

/**
 * The swarm service for one compose service, as `docker stack deploy` makes it: the same image,
 * command, environment, resources, healthcheck and labels, on the stack's overlay network with the
 * service name as alias, its volumes as `<stack>_<volume>`, its secrets as swarm secrets, placement
 * from the placement label, and an update that rolls back when the new tasks fail.
 */
export function swarmServiceSpec(
  stack: string,
  project: ComposeProject,
  spec: ServiceSpec,
  secrets: SecretMount[],
  networkId: string,
): Docker.CreateServiceOptions {
  const hc = spec.healthcheck;
  const stackLabel = { [STACK_NAMESPACE]: stack };
  const monitor = ns(updateMonitorMs(spec));
  const update = (failureAction: string) => ({
    Parallelism: 1,
    Delay: 0,
    FailureAction: failureAction,
    Monitor: monitor,
    MaxFailureRatio: 0,
    Order: 'stop-first',
  });
  const resources = (r: ServiceSpec['limits']) => ({
    ...(r.memoryBytes ? { MemoryBytes: r.memoryBytes } : {}),
    ...(r.cpus ? { NanoCPUs: Math.round(r.cpus * 1e9) } : {}),
  });
  return {
    Name: swarmServiceName(stack, spec.name),
    Labels: { ...spec.labels, ...stackLabel, 'com.docker.stack.image': spec.image },
    TaskTemplate: {
      ContainerSpec: {
        Image: spec.image,
        // Not compose's project labels: the one-engine supervisor and guard must not take tasks for their containers.
        Labels: { ...spec.labels, ...stackLabel },
        ...(spec.entrypoint ? { Command: spec.entrypoint } : {}),
        ...(spec.command ? { Args: spec.command } : {}),
        Env: Object.entries(spec.environment).map(([k, v]) => `${k}=${v}`),
        ...(spec.hostname ? { Hostname: spec.hostname } : {}),
        ...(spec.user ? { User: spec.user } : {}),
        ...(spec.workingDir ? { Dir: spec.workingDir } : {}),
        ...(spec.init !== undefined ? { Init: spec.init } : {}),
        ...(spec.readOnly ? { ReadOnly: true } : {}),
        ...(spec.stopSignal ? { StopSignal: spec.stopSignal } : {}),
        StopGracePeriod: ns(spec.stopGracePeriodMs),
        ...(hc
          ? {
              HealthCheck: {
                Test: hc.test,
                Interval: ns(hc.intervalMs),
                Timeout: ns(hc.timeoutMs),
                Retries: hc.retries,
                StartPeriod: ns(hc.startPeriodMs),
              },
            }
          : {}),
        Mounts: spec.mounts
          .filter((m) => !isSecretFile(m))
          .map((m) => ({
            Type: m.type,
            Target: m.target,
            ReadOnly: m.readOnly,
            Source: m.source ? (m.type === 'volume' ? volumeName(stack, project, m.source) : m.source) : '',
            ...(m.type === 'volume' ? { VolumeOptions: volumeOptions(project, m.source, stackLabel) } : {}),
          })),
        Secrets: secrets.map((s) => ({
          SecretName: s.secretName,
          ...(s.secretId ? { SecretID: s.secretId } : {}),
          File: { Name: s.fileName, UID: '0', GID: '0', Mode: 0o444 },
        })),
        Hosts: spec.extraHosts.map(hostsEntry),
        CapabilityAdd: spec.capAdd,
        CapabilityDrop: spec.capDrop,
        Ulimits: Object.entries(spec.ulimits).map(([Name, u]) => ({ Name, Soft: u.soft, Hard: u.hard })),
      },
      Resources: { Limits: resources(spec.limits), Reservations: resources(spec.reservations) },
      RestartPolicy: {
        Condition: spec.restart === 'no' ? 'none' : spec.restart === 'on-failure' ? 'on-failure' : 'any',
        MaxAttempts: 0,
      },
      Placement: { Constraints: placementConstraints(spec) },
      Networks: [{ Target: networkId, Aliases: [spec.name, ...Object.values(spec.networks).flat()] }],
      ...(spec.logging ? { LogDriver: { Name: spec.logging.driver, Options: spec.logging.options } } : {}),
    },
    Mode: { Replicated: { Replicas: 1 } },
    UpdateConfig: update('rollback'),
    RollbackConfig: update('pause'),
    EndpointSpec: {
      Mode: 'vip',
      Ports: publishedPorts(spec).map((p) => ({
        Protocol: p.protocol,
        TargetPort: p.containerPort,
        PublishedPort: p.hostPort!,
        PublishMode: 'ingress' as const,
      })),
    },
  };
}

/**
 * A swarm publishes a port on every address of every node: only ports the compose file publishes
 * on all addresses are published; those bound to one address (the templates' 127.0.0.1) stay
 * reachable on the stack's network only.
 */
export function publishedPorts(spec: ServiceSpec) {
  return spec.ports.filter((p) => p.hostIp === '' && p.hostPort !== undefined);
}

/** Compose `secrets:` are read-only files under /run/secrets: on a swarm they become swarm secrets. */
export function isSecretFile(m: ServiceSpec['mounts'][number]): boolean {
  return m.type === 'bind' && m.readOnly && m.target.startsWith('/run/secrets/') && !!m.source;
}

function volumeName(stack: string, project: ComposeProject, key: string): string {
  const volume = project.volumes[key];
  if (!volume) return key;
  return volume.external ? volume.name : stackVolumeName(stack, key);
}

/** The volume's driver, options and labels, for the node that creates it when a task first needs it. */
function volumeOptions(project: ComposeProject, key: string | undefined, stackLabel: Record<string, string>) {
  const volume = key ? project.volumes[key] : undefined;
  return {
    NoCopy: false,
    Labels: { ...volume?.labels, ...stackLabel },
    DriverConfig: { Name: volume?.driver || 'local', Options: volume?.driverOpts ?? {} },
  };
}

/** `host:ip` (compose) → `ip host` (the swarm's hosts file entry). */
function hostsEntry(entry: string): string {
  const at = entry.search(/[:=]/);
  return at < 0 ? entry : `${entry.slice(at + 1)} ${entry.slice(0, at)}`;
}
