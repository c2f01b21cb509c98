import type Docker from 'dockerode';
import { ApiError } from '../../src-shared/api';
import type { LogServiceInfo } from '../../src-shared/api/features/logs';
import { listProjectContainers, type ProjectContainer } from '../engine';

export interface ServiceContainer extends LogServiceInfo {
  containerId: string;
}

/**
 * The project's services that have a container, one container per service (a running one before
 * a stopped one, then the newest). One-off containers (`run`) are not services.
 */
export async function serviceContainers(docker: Docker, project: string): Promise<ServiceContainer[]> {
  const best = new Map<string, ProjectContainer>();
  const rank = (x: ProjectContainer): number => (x.state === 'running' ? 1e12 : 0) + x.created;
  for (const c of await listProjectContainers(docker, project)) {
    const seen = best.get(c.service);
    if (!seen || rank(c) > rank(seen)) best.set(c.service, c);
  }
  return [...best.values()]
    .map((c) => ({ project, service: c.service, state: c.state, containerName: c.name, containerId: c.id }))
    .sort((a, b) => a.service.localeCompare(b.service));
}

/** The containers of the named services, in the order given; an unknown name is an error naming the known ones. */
export async function resolveServices(docker: Docker, project: string, names: string[]): Promise<ServiceContainer[]> {
  const known = await serviceContainers(docker, project);
  const unknown = names.filter((n) => !known.some((k) => k.service === n));
  if (unknown.length > 0) {
    const list = known.map((k) => k.service).join(', ');
    throw new ApiError(
      'NOT_FOUND',
      `No container for service${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `'${n}'`).join(', ')} in project '${project}'; ${known.length ? `services with a container: ${list}` : 'no service of this project has a container'}`,
      known.length ? undefined : 'Start the stack (sutazai up) or pass --project for another compose project',
    );
  }
  return [...new Set(names)].map((n) => known.find((k) => k.service === n)!);
}
