import { createHash } from 'node:crypto';
import type Docker from 'dockerode';
import type { SwarmDeployReport } from '../../src-shared/api/features/swarm';
import { planWaves, type ComposeProject, type ServiceSpec } from '../stack';
import { ensureSecrets, serviceSecrets } from './swarm-secrets';
import { inspectService, waitServicesReady, waitUpdateFinished } from './swarm-readiness';
import { publishedPorts, stackNetworkName, STACK_NAMESPACE, swarmServiceSpec } from './swarm-service-spec';

/** A label with the hash of a service's task template: equal, an update would start no new task. */
export const TEMPLATE_HASH_LABEL = 'ai.sutazai.swarm-template-sha256';

export interface DeployOptions {
  stack: string;
  model: ComposeProject;
  /** The stack's generated secrets by name (those the services use become swarm secrets). */
  generatedSecrets: Record<string, string>;
  timeoutMs: number;
  /** Labels put on the stack's network and secrets besides the stack's own. */
  extraLabels?: Record<string, string>;
}

/**
 * Deploys a model as a swarm stack, as `docker stack deploy` does, then waits for readiness in
 * dependency order: each wave of services is created (or updated in place, a rolling update that
 * rolls back when the new tasks fail) once the waves it depends on run.
 */
export async function deployStack(docker: Docker, o: DeployOptions): Promise<SwarmDeployReport> {
  const { stack, model } = o;
  const deadline = Date.now() + o.timeoutMs;
  const network = await ensureNetwork(docker, stack, o.extraLabels ?? {});
  const perService = new Map(
    Object.values(model.services).map((s) => [s.name, serviceSecrets(stack, s, o.generatedSecrets)]),
  );
  const secretIds = await ensureSecrets(docker, stack, [...perService.values()].flat());
  const mounts = (name: string) =>
    perService
      .get(name)!
      .map(({ secretName, fileName }) => ({ secretName, fileName, secretId: secretIds.get(secretName)! }));
  const report: SwarmDeployReport = {
    stack,
    network: stackNetworkName(stack),
    created: [],
    updated: [],
    secrets: [...secretIds.keys()].sort(),
    rolledBack: [],
    warnings: Object.values(model.services).flatMap(swarmWarnings),
  };
  for (const wave of planWaves(model.services)) {
    const names: string[] = [];
    await Promise.all(
      wave.map(async (name) => {
        const spec = swarmServiceSpec(stack, model, model.services[name]!, mounts(name), network);
        const hash = createHash('sha256').update(JSON.stringify(spec.TaskTemplate)).digest('hex');
        spec.Labels = { ...spec.Labels, [TEMPLATE_HASH_LABEL]: hash };
        names.push(spec.Name!);
        const existing = await inspectService(docker, spec.Name!).catch(() => undefined);
        if (!existing) {
          await docker.createService(spec);
          report.created.push(name);
          return;
        }
        const { Name: _n, ...body } = spec;
        await docker
          .getService(existing.ID)
          .update({ _query: { version: existing.Version.Index }, _body: { Name: spec.Name, ...body } });
        if (existing.Spec.Labels?.[TEMPLATE_HASH_LABEL] === hash) return;
        report.updated.push(name);
        const result = await waitUpdateFinished(docker, spec.Name!, deadline);
        if (result.state !== 'completed') report.rolledBack.push({ service: name, message: result.message });
      }),
    );
    await waitServicesReady(docker, names, deadline);
  }
  return report;
}

/** The stack's overlay network, attachable so one-off containers can join it. */
async function ensureNetwork(docker: Docker, stack: string, labels: Record<string, string>): Promise<string> {
  const name = stackNetworkName(stack);
  const found = (await docker.listNetworks({ filters: JSON.stringify({ name: [name] }) })).find((n) => n.Name === name);
  if (found) return found.Id;
  const created = await docker.createNetwork({
    Name: name,
    Driver: 'overlay',
    Attachable: true,
    CheckDuplicate: true,
    Labels: { ...labels, [STACK_NAMESPACE]: stack },
  });
  return created.id;
}

/** What a service asks for that a swarm service does not do, said rather than dropped silently. */
export function swarmWarnings(s: ServiceSpec): string[] {
  const w: string[] = [];
  const local = s.ports.filter((p) => !publishedPorts(s).includes(p));
  if (local.length)
    w.push(
      `${s.name}: port ${local.map((p) => p.containerPort).join(', ')} is not published (a swarm publishes on every address of every node); it is reachable on the stack's network`,
    );
  if (s.mounts.some((m) => m.type === 'bind' && !m.target.startsWith('/run/secrets/')))
    w.push(`${s.name}: bind mounts read the folder of the node the task runs on`);
  if (s.privileged) w.push(`${s.name}: privileged is not available to swarm services`);
  if (s.devices.length || s.deviceRequests.length)
    w.push(`${s.name}: devices and GPUs are not given to swarm services`);
  if (s.networkMode) w.push(`${s.name}: network_mode ${s.networkMode} is not used; it joins the stack's network`);
  if (s.tmpfs.length || s.shmSizeBytes || s.securityOpt.length || s.pid)
    w.push(`${s.name}: tmpfs, shm_size, security_opt and pid are not carried to the swarm service`);
  if (s.restart === 'no')
    w.push(
      `${s.name}: restart 'no': the swarm does not start its task again elsewhere when its node is drained or lost`,
    );
  if (s.build) w.push(`${s.name}: built images must exist on every node that may run it (or in a registry)`);
  return w;
}
