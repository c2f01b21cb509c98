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
  /** With a host port range for one container port (`8000-8010:80`): the range's last port; the engine picks one. */
  hostPortEnd?: number;
  containerPort: number;
  protocol: 'tcp' | 'udp';
}

export interface Mount {
  type: 'volume' | 'bind' | 'tmpfs';
  /** Volume name (project-level key) or host path; absent for anonymous volumes and tmpfs. */
  source?: string;
  target: string;
  readOnly: boolean;
  /** SELinux relabelling of a bind mount (`:z` shared, `:Z` private). */
  selinux?: 'z' | 'Z';
}

/** How a service's image is built when it has `build:` (context and paths absolute). */
export interface BuildSpec {
  context: string;
  /** The Dockerfile, relative to the context (default `Dockerfile`). */
  dockerfile: string;
  /** A Dockerfile given inline (`dockerfile_inline`), used instead of the file. */
  dockerfileInline?: string;
  args: Record<string, string>;
  target?: string;
  labels: Record<string, string>;
  /** Network for RUN steps (`host`, `none`, or the engine's default). */
  network?: string;
  noCache: boolean;
  pull: boolean;
  /** The service names no image: its image (`<project>-<service>`) is only ever built, never pulled. */
  buildOnly: boolean;
}

/** A host device given to the container (`devices:`). */
export interface DeviceMapping {
  pathOnHost: string;
  pathInContainer: string;
  permissions: string;
}

/** The engine's DeviceRequest: GPUs (`deploy.resources.reservations.devices`, `gpus:`) and CDI devices. */
export interface DeviceRequest {
  driver?: string;
  /** -1 for all devices. */
  count?: number;
  deviceIds?: string[];
  capabilities: string[];
  options: Record<string, string>;
}

/** One setting that gives a container part of the host, with why that matters. */
export interface DangerousSetting {
  /** The compose field, e.g. `volumes: /var/run:/var/run`, `privileged`, `ports: 0.0.0.0:8080`. */
  setting: string;
  reason: string;
}

/** A service's dangerous settings, keyed by its configuration hash, and whether the user accepted them. */
export interface ServiceRisk {
  service: string;
  configHash: string;
  settings: DangerousSetting[];
  /** Why the compose file says it needs them (the `ai.sutazai.host-access` label), when it says. */
  justification?: string;
  acknowledged: boolean;
}

/** Something the loader wants the user to know that does not stop it, such as an unset variable. */
export interface ComposeWarning {
  message: string;
  pos?: SourcePos;
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
  /** Set when the service has `build:`; `image` is then the tag the build produces (or the image it names). */
  build?: BuildSpec;
  /** `pull_policy`: when to pull or build (default `missing`). */
  pullPolicy: 'always' | 'missing' | 'never' | 'build';
  /** `network_mode`: `host`, `none`, `bridge`, `service:<name>` or `container:<name>`; then `networks` is empty. */
  networkMode?: string;
  privileged: boolean;
  /** `pid: host` and the like. */
  pid?: string;
  devices: DeviceMapping[];
  deviceRequests: DeviceRequest[];
  logging?: { driver: string; options: Record<string, string> };
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
  /** An internal network has no route out of the host's bridge: its containers reach only each other. */
  internal: boolean;
  driverOpts: Record<string, string>;
  enableIpv6?: boolean;
  attachable?: boolean;
}

export interface VolumeSpec {
  name: string;
  driver: string;
  external: boolean;
  labels: Record<string, string>;
  driverOpts: Record<string, string>;
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
  /** Compose keys the loader read but does not act on, with where they were. */
  ignored: { path: string; pos: SourcePos }[];
  /** Unset variables and the like: said, not fatal. */
  warnings: ComposeWarning[];
  /** The env files read for interpolation (`.env` beside the first file, or `--env-file`). */
  envFiles: string[];
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
  /** Why a template needs a setting that gives its container part of the host. */
  hostAccess: 'ai.sutazai.host-access',
} as const;
