import type Docker from 'dockerode';
import type { SwarmRemoveReport } from '../../src-shared/api/features/swarm';
import { composeServiceOf, stackServices } from './swarm-inventory';
import { STACK_NAMESPACE } from './swarm-service-spec';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Removes a stack's services (those of `services`, or all), then, when none is left, its network once
 * the tasks' containers are gone. Secrets and this node's volumes go only when asked: the data stays.
 */
export async function removeStack(
  docker: Docker,
  stack: string,
  o: { services?: string[]; secrets?: boolean; volumes?: boolean; timeoutMs?: number } = {},
): Promise<SwarmRemoveReport> {
  const all = await stackServices(docker, stack);
  const chosen = o.services ? all.filter((s) => o.services!.includes(composeServiceOf(s, stack))) : all;
  const report: SwarmRemoveReport = { stack, services: [], networks: [], secrets: [], volumes: [] };
  for (const s of chosen) {
    await docker.getService(s.ID).remove();
    report.services.push(composeServiceOf(s, stack));
  }
  report.services.sort();
  if (chosen.length < all.length) return report;
  const deadline = Date.now() + (o.timeoutMs ?? 60_000);
  const filters = JSON.stringify({ label: [`${STACK_NAMESPACE}=${stack}`] });
  // A network is in use until the last task's container on this node is gone.
  while ((await docker.listContainers({ all: true, filters })).length && Date.now() < deadline) await sleep(500);
  const networks = new Map((await docker.listNetworks({ filters })).map((n) => [n.Name, n.Id]));
  for (const [name, id] of networks) {
    for (;;) {
      try {
        await docker.getNetwork(id).remove();
        break;
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode === 404) break;
        if (Date.now() > deadline) throw err;
        await sleep(500);
      }
    }
    report.networks.push(name);
  }
  if (o.secrets) {
    for (const s of (await docker.listSecrets({ filters })) as unknown as { ID: string; Spec: { Name: string } }[]) {
      await docker.getSecret(s.ID).remove();
      report.secrets.push(s.Spec.Name);
    }
  }
  if (o.volumes) {
    for (const v of (await docker.listVolumes({ filters })).Volumes ?? []) {
      await docker.getVolume(v.Name).remove();
      report.volumes.push(v.Name);
    }
  }
  return report;
}
