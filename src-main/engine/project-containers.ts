import type Docker from 'dockerode';
import { LABELS, TIERS, type Tier } from '../../src-shared/api/features/stack-model';

/** What a container's labels say about the compose service it runs. */
export interface ServiceLabels {
  project: string;
  service: string;
  /** `ai.sutazai.tier` when it names a tier; `core` otherwise (never assumed critical or optional). */
  tier: Tier;
  category?: string;
  ui?: string;
  description?: string;
  profiles: string[];
}

/** A container of one of the project's services, its labels read once. */
export interface ProjectContainer extends ServiceLabels {
  id: string;
  /** Without the engine's leading slash. */
  name: string;
  state: string;
  /** Seconds since the epoch, as the engine gives it. */
  created: number;
  /** The engine's list entry (ports, mounts, status, image, all labels). */
  info: Docker.ContainerInfo;
}

export interface ContainerQuery {
  service?: string;
  /** The tier of containers whose labels name none (a project's default; `core` when not given). */
  defaultTier?: Tier;
  /** Only running containers. */
  running?: boolean;
  /** Only services of this `ai.sutazai.category`. */
  category?: string;
}

export function tierOf(value: string | undefined, fallback: Tier = 'core'): Tier {
  return TIERS.includes(value as Tier) ? (value as Tier) : fallback;
}

/**
 * The service a container runs according to its labels; undefined when it runs none: no compose
 * service label, or a one-off container (`compose run`, `com.docker.compose.oneoff=True`).
 */
export function serviceLabels(
  labels: Record<string, string> | null | undefined,
  defaultTier: Tier = 'core',
): ServiceLabels | undefined {
  const service = labels?.[LABELS.service];
  if (!labels || !service || labels[LABELS.oneoff] === 'True') return undefined;
  return {
    project: labels[LABELS.project] ?? '',
    service,
    tier: tierOf(labels[LABELS.tier], defaultTier),
    ...(labels[LABELS.category] ? { category: labels[LABELS.category] } : {}),
    ...(labels[LABELS.ui] ? { ui: labels[LABELS.ui] } : {}),
    ...(labels[LABELS.description] ? { description: labels[LABELS.description] } : {}),
    profiles: (labels[LABELS.profile] ?? '').split(',').filter(Boolean),
  };
}

/**
 * "This project's containers": every container (stopped ones too unless `running`) whose compose
 * project label is `project` and that runs one of its services. The one query every feature uses,
 * so the guard, the supervisor, the logs and the stack page all see the same set.
 */
export async function listProjectContainers(
  docker: Docker,
  project: string,
  query: ContainerQuery = {},
): Promise<ProjectContainer[]> {
  const label = [`${LABELS.project}=${project}`];
  if (query.service) label.push(`${LABELS.service}=${query.service}`);
  if (query.category) label.push(`${LABELS.category}=${query.category}`);
  const list = await docker.listContainers({
    all: !query.running,
    filters: JSON.stringify({ label, ...(query.running ? { status: ['running'] } : {}) }),
  });
  return toProjectContainers(list, () => query.defaultTier);
}

/** A project as a query across projects names it: its name and the tier of its unlabelled services. */
export interface ProjectScope {
  name: string;
  defaultTier: Tier;
}

/**
 * The containers of several projects in one request to the engine (the memory guard's view of
 * every managed project): each with its tier from its labels, else from its own project's default.
 */
export async function listProjectsContainers(
  docker: Docker,
  projects: ProjectScope[],
  query: Omit<ContainerQuery, 'defaultTier'> = {},
): Promise<ProjectContainer[]> {
  if (projects.length === 0) return [];
  const [only] = projects;
  if (projects.length === 1 && only)
    return listProjectContainers(docker, only.name, { ...query, defaultTier: only.defaultTier });
  const label: string[] = [LABELS.project];
  if (query.service) label.push(`${LABELS.service}=${query.service}`);
  if (query.category) label.push(`${LABELS.category}=${query.category}`);
  const list = await docker.listContainers({
    all: !query.running,
    filters: JSON.stringify({ label, ...(query.running ? { status: ['running'] } : {}) }),
  });
  const tiers = new Map(projects.map((p) => [p.name, p.defaultTier]));
  return toProjectContainers(
    list.filter((c) => tiers.has(c.Labels?.[LABELS.project] ?? '')),
    (project) => tiers.get(project),
  );
}

function toProjectContainers(
  list: Docker.ContainerInfo[],
  defaultTier: (project: string) => Tier | undefined,
): ProjectContainer[] {
  const out: ProjectContainer[] = [];
  for (const info of list) {
    const labels = serviceLabels(info.Labels, defaultTier(info.Labels?.[LABELS.project] ?? ''));
    if (!labels) continue;
    out.push({
      ...labels,
      id: info.Id,
      name: (info.Names?.[0] ?? info.Id.slice(0, 12)).replace(/^\//, ''),
      state: info.State,
      created: info.Created,
      info,
    });
  }
  return out;
}
