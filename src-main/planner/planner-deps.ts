import type Docker from 'dockerode';
import type { Ollama } from 'ollama';
import type { ModelMemoryEstimate, OverrideState, ServiceOverride } from '../../src-shared/api/features/hardware';
import type { MetricsSnapshot } from '../../src-shared/api/features/metrics';
import type { PullState } from '../../src-shared/api';
import type { GuardThresholds } from '../guard';
import { diskFree, readHostMemory, type DiskFree, type HostMemory } from '../host';
import type { StackService } from '../stack';
import type { GpuRoom } from './model-place';
import type { RegistryModel } from './ollama-registry';
import type { UsageHistory } from './usage-history';

/**
 * The machine the engine runs on, as the planner reads it. One reader, injected, so the figures
 * can come from elsewhere than this process's /proc (a probe on a remote engine's host).
 */
export interface PlannerHost {
  /** MemTotal, MemAvailable and PSI. */
  memory(): Promise<HostMemory>;
  /** Free space of the file system holding `path`; undefined when it cannot be read. */
  diskFree(path: string): Promise<DiskFree | undefined>;
  /** Where its figures come from, as the plan names them. */
  sources: { memory: string; pressure: string; disk: string };
}

/** This machine: /proc/meminfo and /proc/pressure/memory (through the host feature's reader) and statfs. */
export const localHost: PlannerHost = {
  memory: () => readHostMemory({ pressure: true }),
  diskFree,
  sources: { memory: '/proc/meminfo', pressure: '/proc/pressure/memory', disk: 'statfs' },
};

/** The memory guard as the planner sees it: how it judges, and its record of actions taken anyway. */
export interface GuardView {
  settings(): { budgetBytes: number | undefined; thresholds: GuardThresholds; dryRun: boolean };
  recordAnyway(
    project: string,
    service: string,
    message: string,
    data: Record<string, number | string | boolean>,
  ): void;
}

/** Ollama through the models feature: where it is, what it holds, pulls and loads. */
export interface OllamaView {
  client(): Promise<{ ollama: Ollama; url: string }>;
  endpoint(): Promise<{ url: string; source: string }>;
  held(): Promise<
    { url: string; models: { name: string; sizeBytes: number; vramBytes: number }[] } | { url: string; unknown: string }
  >;
  pull(model: string): Promise<PullState>;
  load(
    model: string,
    options: { contextLength?: number },
  ): Promise<{ model: string; sizeBytes?: number; vramBytes?: number }>;
}

/** The hardware optimizer's pieces the planner uses: the model-memory estimate and the override file. */
export interface HardwareView {
  modelEstimate(
    m: { name: string; sizeBytes?: number; parameterSize?: string; quantization?: string },
    options: { contextLength?: number; ollamaEnvironment?: Record<string, string> },
  ): Promise<ModelMemoryEstimate | undefined>;
  override: {
    state(): OverrideState;
    apply(entry: { id: string; title: string; changes: Record<string, ServiceOverride> }): OverrideState;
    undo(id: string): OverrideState;
  };
}

export interface PlannerOptions {
  docker: Docker;
  /** The compose project the planner acts on. */
  stack: StackService;
  host?: PlannerHost;
  guard: GuardView;
  ollama: OllamaView;
  hardware: HardwareView;
  /** The metrics collector's latest snapshot. */
  latestSnapshot?: () => MetricsSnapshot | undefined;
  /** One container's working set read now (the guard's reader), for what the snapshot lacks. */
  workingSet: (id: string) => Promise<number | undefined>;
  /** GPUs with their VRAM, when no fresh snapshot has them (the hardware profile). */
  gpus?: () => Promise<GpuRoom[]>;
  /** Measured use per service (the metrics history of the collector's project). */
  history?: UsageHistory;
  /** OOM kills per service since a time (the event log). */
  oomKills?: (project: string, since: number) => Map<string, number>;
  engineDataRoot: () => Promise<string | undefined>;
  /** The model registry's answer for a model not installed yet (default: its registry over HTTPS). */
  registry?: (model: string) => Promise<RegistryModel>;
  env?: NodeJS.ProcessEnv;
  now?: () => number;
}

/** How a plan is varied when the user picked a way to go on. */
export interface PlanVariant {
  /** Services left out of a profile start. */
  exclude?: string[];
  /** Running services stopped first. */
  stops?: string[];
}
