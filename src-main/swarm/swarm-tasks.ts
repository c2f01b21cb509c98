import type Docker from 'dockerode';
import type { SwarmTask } from '../../src-shared/api/features/swarm';

/** A task as the engine lists it (the fields read here). */
export interface TaskInfo {
  ID: string;
  ServiceID: string;
  NodeID?: string;
  Slot?: number;
  DesiredState: string;
  UpdatedAt: string;
  Spec: { ContainerSpec?: { Image?: string } };
  Status: { State: string; Message?: string; Err?: string; ContainerStatus?: { ContainerID?: string } };
}

export function listTasks(docker: Docker, serviceIds: string[]): Promise<TaskInfo[]> {
  if (serviceIds.length === 0) return Promise.resolve([]);
  return docker.listTasks({ filters: JSON.stringify({ service: serviceIds }) }) as Promise<TaskInfo[]>;
}

/** Node id → hostname, for the nodes of the swarm. */
export async function nodeNames(docker: Docker): Promise<Map<string, string>> {
  const nodes = (await docker.listNodes()) as { ID: string; Description?: { Hostname?: string } }[];
  return new Map(nodes.map((n) => [n.ID, n.Description?.Hostname ?? n.ID.slice(0, 12)]));
}

/** The tasks of some services as `docker stack ps` shows them, newest first per service. */
export function describeTasks(
  tasks: TaskInfo[],
  serviceNames: Map<string, string>,
  nodes: Map<string, string>,
): SwarmTask[] {
  return tasks
    .map((t) => ({
      id: t.ID,
      service: serviceNames.get(t.ServiceID) ?? t.ServiceID,
      ...(t.Slot ? { slot: t.Slot } : {}),
      node: t.NodeID ? (nodes.get(t.NodeID) ?? t.NodeID.slice(0, 12)) : '',
      nodeId: t.NodeID ?? '',
      image: (t.Spec.ContainerSpec?.Image ?? '').replace(/@sha256:[0-9a-f]+$/, ''),
      state: t.Status.State,
      desiredState: t.DesiredState,
      message: t.Status.Message ?? '',
      ...(t.Status.Err ? { error: t.Status.Err } : {}),
      updatedAt: t.UpdatedAt,
    }))
    .sort((a, b) => a.service.localeCompare(b.service) || b.updatedAt.localeCompare(a.updatedAt));
}
