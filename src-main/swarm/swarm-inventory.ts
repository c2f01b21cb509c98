import type Docker from 'dockerode';
import { ApiError } from '../../src-shared/api';
import type { SwarmServiceStatus, SwarmStackStatus } from '../../src-shared/api/features/swarm';
import type { ServiceInfo } from './swarm-readiness';
import { STACK_NAMESPACE } from './swarm-service-spec';
import { describeTasks, listTasks, nodeNames } from './swarm-tasks';

interface SwarmInfo {
  Name?: string;
  Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean };
}

/** Whether the engine manages a swarm; its name and state for the error when it does not. */
export async function managerState(docker: Docker): Promise<{ manager: boolean; engine: string; state: string }> {
  const info = (await docker.info()) as SwarmInfo;
  const state = info.Swarm?.LocalNodeState || 'inactive';
  return { manager: state === 'active' && !!info.Swarm?.ControlAvailable, engine: info.Name ?? 'the engine', state };
}

/** Refuses, with what to do, when the current engine is not a swarm manager. */
export async function requireManager(docker: Docker): Promise<void> {
  const s = await managerState(docker);
  if (s.manager) return;
  throw new ApiError(
    'CONFLICT',
    s.state === 'active'
      ? `The current engine (${s.engine}) is a swarm worker: stacks are deployed from a manager`
      : `The current engine (${s.engine}) is not part of a swarm (swarm state: ${s.state})`,
    'Choose an engine that is a swarm manager (`sutazai engines use NAME`), or make this one a manager (`docker swarm init`).',
  );
}

/** The stack's swarm services, by the namespace label `docker stack` uses. */
export async function stackServices(docker: Docker, stack: string): Promise<ServiceInfo[]> {
  return (await docker.listServices({
    filters: JSON.stringify({ label: [`${STACK_NAMESPACE}=${stack}`] }),
  })) as unknown as ServiceInfo[];
}

/** The compose service a swarm service was made from (`<stack>_<service>`). */
export function composeServiceOf(s: ServiceInfo, stack: string): string {
  return s.Spec.Name.startsWith(`${stack}_`) ? s.Spec.Name.slice(stack.length + 1) : s.Spec.Name;
}

/** The stack's services and every task of them with its node, as `docker stack services` and `docker stack ps` show. */
export async function stackStatus(docker: Docker, stack: string): Promise<SwarmStackStatus> {
  if (!(await managerState(docker)).manager) return { stack, manager: false, services: [], tasks: [] };
  const services = await stackServices(docker, stack);
  const [tasks, nodes] = await Promise.all([
    listTasks(
      docker,
      services.map((s) => s.ID),
    ),
    nodeNames(docker),
  ]);
  const names = new Map(services.map((s) => [s.ID, composeServiceOf(s, stack)]));
  const rows: SwarmServiceStatus[] = services
    .map((s) => ({
      service: composeServiceOf(s, stack),
      name: s.Spec.Name,
      image: (s.Spec.TaskTemplate?.ContainerSpec?.Image ?? '').replace(/@sha256:[0-9a-f]+$/, ''),
      replicas: s.Spec.Mode?.Replicated?.Replicas ?? 1,
      running: tasks.filter((t) => t.ServiceID === s.ID && t.Status.State === 'running').length,
      constraints: s.Spec.TaskTemplate?.Placement?.Constraints ?? [],
      ...(s.UpdateStatus?.State
        ? { update: { state: s.UpdateStatus.State, message: s.UpdateStatus.Message ?? '' } }
        : {}),
    }))
    .sort((a, b) => a.service.localeCompare(b.service));
  return { stack, manager: true, services: rows, tasks: describeTasks(tasks, names, nodes) };
}
