/**
 * The resolved compose model: what the loader produces from YAML and what the orchestrator
 * turns into networks, volumes and containers. Plain data only, so it can be hashed and sent
 * over the API as it is.
 */

export type Tier = 'critical' | 'core' | 'optional';
export const TIERS: readonly Tier[] = ['critical', 'core', 'optional'];

/** Where a value came from, for errors that name file and line. */
export interface SourcePos {
  file: string;
  line: number;
}

export interface PortMapping {
  /** Host address; the templates bind 127.0.0.1. Empty means all addresses. */
  hostIp: string;
  /** Undefined: the engine picks a free port. */
  hostPort?: number;
  containerPort: number;
  protocol: 'tcp' | 'udp';
}

export interface Mount {
  type: 'volume' | 'bind' | 'tmpfs';
  /** Volume name (project-level key) or host path; absent for anonymous volumes and tmpfs. */
  source?: string;
  target: string;
  readOnly: boolean;
}

export type DependencyCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface Dependency {
  condition: DependencyCondition;
  required: boolean;
  restart: boolean;
}

export interface Healthcheck {
  /** ['CMD', ...args] or ['CMD-SHELL', command]; ['NONE'] disables. */
  test: string[];
  intervalMs: number;
  timeoutMs: number;
  retries: number;
  startPeriodMs: number;
  startIntervalMs?: number;
}

export interface Resources {
  memoryBytes?: number;
  cpus?: number;
}

export interface ServiceSpec {
  name: string;
  image: string;
  /** A fixed container name (compose's container_name); else `<project>-<service>-1`. */
  containerName?: string;
  command?: string[];
  entrypoint?: string[];
  environment: Record<string, string>;
  ports: PortMapping[];
  mounts: Mount[];
  dependsOn: Record<string, Dependency>;
  healthcheck?: Healthcheck;
  limits: Resources;
  reservations: Resources;
  labels: Record<string, string>;
  profiles: string[];
  restart: 'no' | 'always' | 'on-failure' | 'unless-stopped';
  stopGracePeriodMs: number;
  stopSignal?: string;
  /** Network key → aliases. */
  networks: Record<string, string[]>;
  user?: string;
  workingDir?: string;
  hostname?: string;
  extraHosts: string[];
  capAdd: string[];
  capDrop: string[];
  securityOpt: string[];
  shmSizeBytes?: number;
  tmpfs: string[];
  init?: boolean;
  readOnly?: boolean;
  ulimits: Record<string, { soft: number; hard: number }>;
  /** Decoded app labels (ai.sutazai.*). */
  tier: Tier;
  category?: string;
  ui?: string;
  description?: string;
  source: SourcePos;
}

export interface NetworkSpec {
  name: string;
  driver: string;
  external: boolean;
  labels: Record<string, string>;
}

export interface VolumeSpec {
  name: string;
  driver: string;
  external: boolean;
  labels: Record<string, string>;
}

export interface ComposeProject {
  name: string;
  /** The files read, in order (later ones override earlier ones). */
  files: string[];
  workingDir: string;
  /** Services enabled by the chosen profiles, by name. */
  services: Record<string, ServiceSpec>;
  networks: Record<string, NetworkSpec>;
  volumes: Record<string, VolumeSpec>;
  /** Every profile named by any service, sorted. */
  profiles: string[];
  /** Profiles that were activated for this model. */
  activeProfiles: string[];
  /** Keys the loader read but does not act on, with where they were. */
  ignored: { path: string; pos: SourcePos }[];
}

export const LABELS = {
  tier: 'ai.sutazai.tier',
  category: 'ai.sutazai.category',
  ui: 'ai.sutazai.ui',
  description: 'ai.sutazai.description',
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  configHash: 'com.docker.compose.config-hash',
  containerNumber: 'com.docker.compose.container-number',
  oneoff: 'com.docker.compose.oneoff',
  workingDir: 'com.docker.compose.project.working_dir',
  configFiles: 'com.docker.compose.project.config_files',
  version: 'com.docker.compose.version',
  network: 'com.docker.compose.network',
  volume: 'com.docker.compose.volume',
  dependsOn: 'com.docker.compose.depends_on',
  image: 'com.docker.compose.image',
  profile: 'ai.sutazai.profiles',
} as const;
