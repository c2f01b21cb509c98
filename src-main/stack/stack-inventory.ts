import type Docker from 'dockerode';
import type { ServiceStatus, Tier } from '../../src-shared/api';
import { LABELS } from './compose-model';

/** The project's containers as the engine has them (the only source of truth: nothing is remembered). */
export async function projectContainers(docker: Docker, project: string): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({
    all: true,
    filters: JSON.stringify({ label: [`${LABELS.project}=${project}`, `${LABELS.oneoff}=False`] }),
  });
}

export function toServiceStatus(c: Docker.ContainerInfo): ServiceStatus {
  const labels = c.Labels ?? {};
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
    project: labels[LABELS.project] ?? '',
    service: labels[LABELS.service] ?? c.Names?.[0]?.replace(/^\//, '') ?? c.Id.slice(0, 12),
    containerId: c.Id,
    containerName: c.Names?.[0]?.replace(/^\//, '') ?? '',
    image: c.Image,
    state: c.State,
    health: health === 'health: starting' ? 'starting' : ((health as 'healthy' | 'unhealthy' | undefined) ?? 'none'),
    status: c.Status,
    tier: (['critical', 'core', 'optional'].includes(labels[LABELS.tier] ?? '') ? labels[LABELS.tier] : 'core') as Tier,
    ...(labels[LABELS.category] ? { category: labels[LABELS.category] } : {}),
    ...(labels[LABELS.ui] ? { ui: labels[LABELS.ui] } : {}),
    ports,
    profiles: (labels[LABELS.profile] ?? '').split(',').filter(Boolean),
  };
}

export async function projectStatus(docker: Docker, project: string): Promise<ServiceStatus[]> {
  return (await projectContainers(docker, project)).map(toServiceStatus).sort((a, b) => a.service.localeCompare(b.service));
}
