import { z } from 'zod';
import { procedure, stream } from '../define';
import { projectName } from './project-name';
import type { DownReport } from './stack';
import type { ComposeWarning, Tier } from './stack-model';

/** A managed project: the bundled SutazAI stack, or a compose folder the user added. */
export interface ProjectSummary {
  name: string;
  /** `sutazai`: the bundled templates (always there, listed first); `folder`: a compose folder added by the user. */
  kind: 'sutazai' | 'folder';
  /** The templates folder, or the compose folder. */
  dir: string;
  /** The compose files read, in order. */
  files: string[];
  /** The tier of services whose compose file gives none (`ai.sutazai.tier`). */
  defaultTier: Tier;
  /** When it was added (folders only). */
  addedAt?: number;
}

/** A container of the project that was running under docker compose before the project was added. */
export interface AdoptedContainer {
  service: string;
  containerName: string;
  state: string;
}

export interface ProjectAdded {
  project: ProjectSummary;
  profiles: string[];
  /** Services that run without a profile. */
  services: string[];
  /** Containers compose already made for this project: managed from now on, as they are. */
  adopted: AdoptedContainer[];
  warnings: ComposeWarning[];
}

export interface ProjectRemoved {
  project: string;
  /** Set when the containers were taken down too (`down`). */
  down?: DownReport;
  /** Containers of the project left in place (forgetting removes nothing). */
  kept: string[];
}

/** A folder's subfolders, for picking a compose folder: names only, those holding a compose file marked. */
export interface FolderListing {
  dir: string;
  parent?: string;
  /** The compose files in `dir` itself, by the names docker compose looks for. */
  composeFiles: string[];
  folders: { name: string; hasCompose: boolean }[];
  /** Folders not listed (past the first 500). */
  more: number;
}

const tier = z.enum(['critical', 'core', 'optional']);

export const projectsContract = {
  'projects:list': procedure(z.object({}).strict()).returns<ProjectSummary[]>(),
  /** Adds a compose folder (an absolute path, or one starting with ~/) as a managed project. */
  'projects:add': procedure(
    z
      .object({
        dir: z.string().min(1, 'give the compose folder').max(4096),
        name: projectName.optional(),
        defaultTier: tier.optional(),
      })
      .strict(),
  ).returns<ProjectAdded>(),
  /** Forgets a project; its containers and volumes stay unless `down` (and `volumes`) is asked for. */
  'projects:remove': procedure(
    z
      .object({ name: projectName, down: z.boolean().optional(), volumes: z.boolean().optional() })
      .strict()
      .refine((v) => !v.volumes || v.down, { message: 'volumes are removed only with down', path: ['volumes'] }),
  ).returns<ProjectRemoved>(),
  'projects:configure': procedure(
    z.object({ name: projectName, defaultTier: tier }).strict(),
  ).returns<ProjectSummary>(),
  /** Lists a folder's subfolders (default: the user's home) to pick a compose folder from. */
  'projects:browse': procedure(
    z.object({ dir: z.string().min(1).max(4096).optional() }).strict(),
  ).returns<FolderListing>(),
  /** The list, again, whenever a project is added, removed or changed. */
  'projects:changed': stream(z.object({}).strict()).emits<ProjectSummary[]>(),
};
