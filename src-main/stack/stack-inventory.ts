import type Docker from 'dockerode';
import type { ServiceStatus, Tier } from '../../src-shared/api';
import { listProjectContainers, serviceLabels, type ServiceLabels } from '../engine';

/** The project's containers as the engine has them (the only source of truth: nothing is remembered). */
export async function projectContainers(docker: Docker, project: string): Promise<Docker.ContainerInfo[]> {
  return (await listProjectContainers(docker, project)).map((c) => c.info);
}

export function toServiceStatus(c: Docker.ContainerInfo, defaultTier: Tier = 'core'): ServiceStatus {
  const name = c.Names?.[0]?.replace(/^\//, '') ?? '';
  const labels: ServiceLabels = serviceLabels(c.Labels, defaultTier) ?? {
    project: '',
    service: name || c.Id.slice(0, 12),
    tier: defaultTier,
    profiles: [],
  };
  const health = /\((healthy|unhealthy|health: starting)\)/.exec(c.Status ?? '')?.[1];
  const seen = new Set<string>();
  const ports = (c.Ports ?? [])
    .filter((p) => p.PublicPort)
    .map((p) => ({ hostIp: p.IP ?? '', hostPort: p.PublicPort, containerPort: p.PrivatePort, protocol: p.Type }))
    .filter((p) => {
      const k = `${p.hostPort}/${p.protocol}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  return {
    project: labels.project,
    service: labels.service,
    containerId: c.Id,
    containerName: name,
    image: c.Image,
    state: c.State,
    health: health === 'health: starting' ? 'starting' : ((health as 'healthy' | 'unhealthy' | undefined) ?? 'none'),
    status: c.Status,
    tier: labels.tier,
    ...(labels.category ? { category: labels.category } : {}),
    ...(labels.ui ? { ui: labels.ui } : {}),
    ports,
    profiles: labels.profiles,
  };
}

export async function projectStatus(
  docker: Docker,
  project: string,
  defaultTier: Tier = 'core',
): Promise<ServiceStatus[]> {
  return (await projectContainers(docker, project))
    .map((c) => toServiceStatus(c, defaultTier))
    .sort((a, b) => a.service.localeCompare(b.service));
}
