import { z } from 'zod';
import { procedure, stream } from '../define';
import { projectChoice } from './project-name';
import type { ComposeProject, ServiceRisk, Tier } from './stack-model';

export interface ProfileSummary {
  /** The profile; '' for a compose folder's services that run without one. */
  name: string;
  services: { name: string; tier: Tier; image: string; category?: string }[];
  reservations: { memoryBytes: number; cpus: number };
  limits: { memoryBytes: number; cpus: number };
}

export interface ServicePort {
  hostIp: string;
  hostPort: number;
  containerPort: number;
  protocol: string;
}

export interface ServiceStatus {
  project: string;
  service: string;
  containerId: string;
  containerName: string;
  image: string;
  /** Engine state: created, running, exited, restarting, paused, dead. */
  state: string;
  /** Docker's health: healthy, unhealthy, starting, or none. */
  health: 'healthy' | 'unhealthy' | 'starting' | 'none';
  status: string;
  tier: Tier;
  category?: string;
  ui?: string;
  ports: ServicePort[];
  profiles: string[];
}

export type ProgressPhase =
  | 'planned'
  | 'pulling'
  | 'building'
  | 'creating'
  | 'recreating'
  | 'starting'
  | 'waiting'
  | 'ready'
  | 'running'
  | 'unchanged'
  | 'stopping'
  | 'removed'
  | 'failed';

export interface ProgressEvent {
  project: string;
  service: string;
  phase: ProgressPhase;
  /** 0-100 while pulling. */
  percent?: number;
  /** e.g. "waiting for postgres", "layer 3f4a… 43%". */
  detail?: string;
  time: number;
}

export interface UpReport {
  project: string;
  /** The profiles started, comma-separated. */
  profile: string;
  ok: boolean;
  /** `interrupted`: the engine stopped before this service was done; `up` again continues it. */
  services: {
    service: string;
    outcome: 'created' | 'recreated' | 'started' | 'unchanged' | 'failed' | 'skipped' | 'interrupted';
    ready: boolean;
    error?: string;
  }[];
  durationMs: number;
  error?: string;
  /** Set when the Docker engine stopped during this `up`: why, and what the run had done by then. */
  engineStopped?: {
    reason: string;
    created: { networks: string[]; volumes: string[]; containers: string[] };
    started: string[];
  };
}

export interface DownReport {
  project: string;
  removedContainers: string[];
  removedVolumes: string[];
  removedNetworks: string[];
  errors: string[];
}

const profileName = z.string().regex(/^[a-zA-Z0-9_.-]{1,64}$/, 'a profile name (letters, digits, _ . -)');
const serviceName = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$/, 'a service name');

const profiles = z.array(profileName.or(z.literal('*'))).max(64);
const configHash = z.string().regex(/^[a-f0-9]{64}$/, 'a configuration hash');

/** Every stack procedure and stream acts on one managed project: `project`, else the SutazAI stack. */
export const stackContract = {
  'stack:profiles': procedure(z.object({ ...projectChoice }).strict()).returns<ProfileSummary[]>(),
  'stack:config': procedure(
    z.object({ ...projectChoice, profile: profileName.optional(), profiles: profiles.optional() }).strict(),
  ).returns<ComposeProject>(),
  'stack:ps': procedure(z.object({ ...projectChoice }).strict()).returns<ServiceStatus[]>(),
  /** `profile` or `profiles` (several at once); `build` rebuilds services that have a build. */
  'stack:up': procedure(
    z
      .object({
        ...projectChoice,
        profile: profileName.optional(),
        profiles: profiles.optional(),
        wait: z.boolean().optional(),
        build: z.boolean().optional(),
      })
      .strict(),
  ).returns<UpReport>(),
  'stack:down': procedure(
    z
      .object({
        ...projectChoice,
        profile: profileName.optional(),
        profiles: profiles.optional(),
        volumes: z.boolean().optional(),
      })
      .strict(),
  ).returns<DownReport>(),
  /** The dangerous settings of the profiles' services, per service and configuration hash, and which were confirmed. */
  'stack:risks': procedure(z.object({ ...projectChoice, profiles: profiles }).strict()).returns<ServiceRisk[]>(),
  /** Confirms services' dangerous settings for the configurations shown (a later change asks again). */
  'stack:acknowledge': procedure(
    z
      .object({
        ...projectChoice,
        items: z
          .array(z.object({ service: serviceName, configHash }).strict())
          .min(1)
          .max(200),
      })
      .strict(),
  ).returns<ServiceRisk[]>(),
  'stack:serviceAction': procedure(
    z.object({ ...projectChoice, service: serviceName, action: z.enum(['start', 'stop', 'restart']) }).strict(),
  ).returns<ServiceStatus | null>(),
  'stack:progress': stream(z.object({ ...projectChoice }).strict()).emits<ProgressEvent>(),
  'stack:services': stream(z.object({ ...projectChoice }).strict()).emits<ServiceStatus[]>(),
};
