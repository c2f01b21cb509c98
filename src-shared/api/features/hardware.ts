import { z } from 'zod';
import { procedure } from '../define';
import type { HostProfile } from './host';

export interface GpuInfo {
  index: number;
  name: string;
  vendor: string;
  /** Total VRAM; undefined when the driver does not say. */
  vramTotalBytes?: number;
  vramUsedBytes?: number;
  driverVersion?: string;
  /** Where the figures came from. */
  source: 'nvidia-smi' | 'systeminformation';
}

export interface DiskFreeInfo {
  label: string;
  path: string;
  freeBytes: number;
  totalBytes: number;
}

export interface HardwareProfile extends HostProfile {
  gpus: GpuInfo[];
  /** What the GPU probe found out, e.g. "nvidia-smi is not installed". */
  gpuNote: string;
  disks: DiskFreeInfo[];
}

/** One figure behind a recommendation, as shown to the user. */
export interface Figure {
  label: string;
  value: string;
}

/** What applying a recommendation writes into the override file, per service. */
export interface ServiceOverride {
  memoryLimitBytes?: number;
  memoryReservationBytes?: number;
  environment?: Record<string, string>;
}

export interface Recommendation {
  /** Stable id: `profile-fit`, `memory-limits:<profile>`, `ollama-settings`, `model-fit:<model>`. */
  id: string;
  kind: 'profile-fit' | 'memory-limits' | 'ollama-settings' | 'model-fit';
  title: string;
  reason: string;
  severity: 'info' | 'ok' | 'warning';
  figures: Figure[];
  /** Present when the recommendation can be applied through the override file. */
  changes?: Record<string, ServiceOverride>;
  applied: boolean;
}

export interface ProfileFit {
  profile: string;
  services: number;
  reservationsBytes: number;
  limitsBytes: number;
  headroomBytes: number;
  memTotalBytes: number;
  /** Reservations plus headroom within RAM. */
  fits: boolean;
  /** Limits plus headroom within RAM too (no service can be squeezed by another). */
  limitsFit: boolean;
}

export interface ModelMemoryEstimate {
  weightsBytes: number;
  kvCacheBytes: number;
  graphBytes: number;
  totalBytes: number;
  contextLength: number;
  parallel: number;
  /** How the weights were found: the file size Ollama reports, or parameters × bits per weight. */
  weightsFrom: 'file-size' | 'parameters';
  /** How the KV cache was found: from the model's layers and heads, or a rough share when unknown. */
  kvFrom: 'architecture' | 'approximate';
}

export interface ModelFit {
  model: string;
  estimate: ModelMemoryEstimate;
  fits: boolean;
  /** "fits in RAM: 0.9 of 23 GiB", "too large: needs 9.1 GiB", ... */
  note: string;
  where: 'vram' | 'ram' | 'none';
}

export interface Recommendations {
  profile: HardwareProfile;
  profileFits: ProfileFit[];
  recommendations: Recommendation[];
  modelFits: ModelFit[];
  /** Headroom kept free for the OS and the app, and how it was chosen. */
  headroom: { bytes: number; rule: string };
}

export interface OverrideState {
  /** The override file the stack loader reads after the templates. */
  file: string;
  exists: boolean;
  applied: { id: string; title: string; appliedAt: number; changes: Record<string, ServiceOverride> }[];
}

export interface EngineDiskUsage {
  images: { count: number; bytes: number; reclaimableBytes: number };
  containers: { count: number; bytes: number; reclaimableBytes: number };
  volumes: { count: number; bytes: number; reclaimableBytes: number };
  buildCache: { count: number; bytes: number; reclaimableBytes: number };
}

export type PruneKind = 'container' | 'image' | 'network' | 'volume' | 'build-cache';

export interface PruneItem {
  kind: PruneKind;
  id: string;
  name: string;
  sizeBytes: number;
  /** Why it is a candidate: "exited 3 days ago", "dangling", "no container attached". */
  reason: string;
}

export interface PrunePreview {
  id: string;
  createdAt: number;
  includeVolumes: boolean;
  items: PruneItem[];
  totalBytes: number;
  /** What was left out on purpose, e.g. the stack's volumes. */
  excluded: string[];
}

export interface PruneResult {
  removed: PruneItem[];
  skipped: { item: PruneItem; reason: string }[];
  freedBytes: number;
}

/** A service's memory limit raised after an OOM kill (override file + the live container). */
export interface LimitRaise {
  service: string;
  limitBytes: number;
  previousLimitBytes: number | null;
  /** Containers whose limit was changed at once with `docker update`. */
  updatedContainers: string[];
  overrides: OverrideState;
}

const recommendationId = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[a-z-]+(:[A-Za-z0-9._:/-]+)?$/, 'not a recommendation id');

export const hardwareContract = {
  'hardware:profile': procedure(z.object({}).strict()).returns<HardwareProfile>(),
  'hardware:recommendations': procedure(z.object({}).strict()).returns<Recommendations>(),
  'hardware:overrides': procedure(z.object({}).strict()).returns<OverrideState>(),
  'hardware:apply': procedure(z.object({ id: recommendationId }).strict()).returns<OverrideState>(),
  'hardware:undo': procedure(z.object({ id: recommendationId }).strict()).returns<OverrideState>(),
  'hardware:raiseLimit': procedure(
    z
      .object({
        service: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,63}$/, 'a service name'),
        bytes: z
          .number()
          .int()
          .min(16 * 1024 * 1024, 'at least 16 MiB'),
      })
      .strict(),
  ).returns<LimitRaise>(),
  'hardware:disk': procedure(z.object({}).strict()).returns<EngineDiskUsage>(),
  'hardware:prunePreview': procedure(
    z.object({ includeVolumes: z.boolean().optional() }).strict(),
  ).returns<PrunePreview>(),
  'hardware:prune': procedure(
    z.object({ previewId: z.string().min(1).max(64), confirm: z.literal(true) }).strict(),
  ).returns<PruneResult>(),
};
