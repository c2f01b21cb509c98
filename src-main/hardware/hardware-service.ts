import type Docker from 'dockerode';
import type { Ollama } from 'ollama';
import { ApiError, type ComposeProject } from '../../src-shared/api';
import type {
  EngineDiskUsage,
  HardwareProfile,
  ModelMemoryEstimate,
  LimitRaise,
  OverrideState,
  PrunePreview,
  PruneResult,
  Recommendations,
} from '../../src-shared/api/features/hardware';
import type { StackService } from '../stack';
import { ComposeOverride } from './compose-override';
import { engineDiskUsage } from './engine-disk';
import { probeGpus } from './gpu-probe';
import { readHardwareProfile } from './hardware-profile';
import {
  architectureFromModelInfo,
  estimateModelMemory,
  type ModelArchitecture,
  type ModelFacts,
} from './model-memory';
import { fitModel } from './model-fit';
import type { ProfileMemory } from './profile-fit';
import { PrunePlanner } from './prune-planner';
import { raiseServiceLimit } from './limit-raise';
import { buildRecommendations, type OllamaService } from './recommendations';

export interface HardwareServiceOptions {
  docker: Docker;
  stack: StackService;
  home: string;
  engineDataRoot: () => Promise<string | undefined>;
  /** The stack's Ollama, when it answers: installed models and their architecture. */
  ollama?: () => Promise<{ ollama: Ollama }>;
  gpus?: typeof probeGpus;
  /** Reads the host (default: this machine); specs pass a fixed one. */
  readProfile?: () => Promise<HardwareProfile>;
  /** Limits prune candidates to objects with this label (tests on a shared engine). */
  pruneScopeLabel?: string;
  /** Every managed project: their containers, networks and volumes are never prune candidates. */
  managedProjects?: () => string[];
  profileTtlMs?: number;
}

/** The hardware optimizer: host profile, recommendations, the override file, disk and prune. */
export class HardwareService {
  readonly override: ComposeOverride;
  readonly pruner: PrunePlanner;
  private profileCache: { at: number; value: Promise<HardwareProfile> } | undefined;
  private readonly archCache = new Map<string, ModelArchitecture | null>();

  constructor(private readonly o: HardwareServiceOptions) {
    this.override = new ComposeOverride(o.stack.overrideFile);
    this.pruner = new PrunePlanner({
      docker: o.docker,
      project: o.stack.project,
      ...(o.managedProjects ? { projects: o.managedProjects } : {}),
      ...(o.pruneScopeLabel ? { scopeLabel: o.pruneScopeLabel } : {}),
    });
  }

  /** Cached for a while: the GPU probe starts nvidia-smi, which wakes the driver. */
  profile(): Promise<HardwareProfile> {
    const now = Date.now();
    if (!this.profileCache || now - this.profileCache.at > (this.o.profileTtlMs ?? 60_000)) {
      const value = this.o.readProfile
        ? this.o.readProfile()
        : readHardwareProfile({
            engineDataRoot: this.o.engineDataRoot,
            home: this.o.home,
            gpus: () => (this.o.gpus ?? probeGpus)(),
          });
      value.catch(() => (this.profileCache = undefined));
      this.profileCache = { at: now, value };
    }
    return this.profileCache.value;
  }

  async recommendations(): Promise<Recommendations> {
    const [host, models] = await Promise.all([this.profile(), this.installedModels()]);
    const names = sortProfiles(this.o.stack.load(undefined, { withOverride: false }).profiles);
    const base = names.map((n) => this.o.stack.load(n, { withOverride: false }));
    const effective = names.map((n) => this.o.stack.load(n));
    return buildRecommendations({
      host,
      baseProfiles: base.map(profileMemory),
      effectiveProfiles: effective.map(profileMemory),
      ...optional('baseOllama', ollamaOf(base)),
      ...optional('effectiveOllama', ollamaOf(effective)),
      models,
      applied: new Set(this.override.state().applied.map((a) => a.id)),
    });
  }

  overrides(): OverrideState {
    return this.override.state();
  }

  async apply(id: string): Promise<OverrideState> {
    const rec = (await this.recommendations()).recommendations.find((r) => r.id === id);
    if (!rec)
      throw new ApiError(
        'NOT_FOUND',
        `no recommendation ${id} for this machine`,
        'Reload the recommendations and pick one of them.',
      );
    if (!rec.changes)
      throw new ApiError(
        'CONFLICT',
        `recommendation ${id} changes nothing to apply`,
        'It is advice only, or the stack already follows it.',
      );
    return this.override.apply({ id: rec.id, title: rec.title, changes: rec.changes });
  }

  undo(id: string): OverrideState {
    return this.override.undo(id);
  }

  /** After an OOM kill: a higher limit in the override file and on the live container. */
  raiseLimit(service: string, bytes: number): Promise<LimitRaise> {
    return raiseServiceLimit(
      {
        docker: this.o.docker,
        stack: this.o.stack,
        override: this.override,
        hostMemoryBytes: async () => (await this.profile()).memTotalBytes,
      },
      service,
      bytes,
    );
  }

  disk(): Promise<EngineDiskUsage> {
    return engineDiskUsage(this.o.docker);
  }

  prunePreview(includeVolumes = false): Promise<PrunePreview> {
    return this.pruner.preview(includeVolumes);
  }

  prune(previewId: string): Promise<PruneResult> {
    return this.pruner.prune(previewId);
  }

  /** The fit estimate the Models page shows beside an installed model. */
  async fitFor(m: {
    name: string;
    sizeBytes: number;
    parameterSize: string;
    quantization: string;
  }): Promise<{ fits: boolean; note: string } | undefined> {
    const [host, estimate] = await Promise.all([this.profile(), this.modelEstimate(m)]);
    if (!estimate) return undefined;
    const ollama = this.stackOllama();
    const fit = fitModel(m.name, estimate, {
      memTotalBytes: host.memTotalBytes,
      gpus: host.gpus,
      ...(ollama?.limitBytes ? { ollamaLimitBytes: ollama.limitBytes } : {}),
    });
    return { fits: fit.fits, note: fit.note };
  }

  /**
   * A model's memory once loaded: its weights, and the KV cache and compute graph for the context
   * it will load with (given, else the stack's OLLAMA_CONTEXT_LENGTH, else Ollama's default), times
   * the stack's OLLAMA_NUM_PARALLEL (from `ollamaEnvironment` when the caller has read the ollama
   * service already). Its architecture is read from Ollama when it is installed.
   */
  async modelEstimate(
    m: { name: string; sizeBytes?: number; parameterSize?: string; quantization?: string },
    options: { contextLength?: number; ollamaEnvironment?: Record<string, string> } = {},
  ): Promise<ModelMemoryEstimate | undefined> {
    const architecture = await this.architecture(m.name);
    const env = options.ollamaEnvironment ?? this.stackOllama()?.environment ?? {};
    const contextLength = options.contextLength ?? (Number(env.OLLAMA_CONTEXT_LENGTH) || undefined);
    return estimateModelMemory(
      {
        name: m.name,
        ...(m.sizeBytes ? { sizeBytes: m.sizeBytes } : {}),
        ...(m.parameterSize ? { parameterSize: m.parameterSize } : {}),
        ...(m.quantization ? { quantization: m.quantization } : {}),
        ...(architecture ? { architecture } : {}),
      },
      { parallel: Number(env.OLLAMA_NUM_PARALLEL) || 1, ...(contextLength ? { contextLength } : {}) },
    );
  }

  /** The stack's ollama service as the templates (with the override file) set it, in any profile. */
  private stackOllama(): OllamaService | undefined {
    try {
      return ollamaOf(this.o.stack.load().profiles.map((p) => this.o.stack.load(p)));
    } catch {
      return undefined;
    }
  }

  private async installedModels(): Promise<ModelFacts[]> {
    if (!this.o.ollama) return [];
    try {
      const { ollama } = await this.o.ollama();
      const { models } = await withTimeout(ollama.list(), 3000);
      return Promise.all(
        models.map(async (m) => {
          const architecture = await this.architecture(m.name);
          return {
            name: m.name,
            sizeBytes: m.size,
            parameterSize: m.details?.parameter_size ?? '',
            quantization: m.details?.quantization_level ?? '',
            ...(architecture ? { architecture } : {}),
          };
        }),
      );
    } catch {
      return [];
    }
  }

  private async architecture(model: string): Promise<ModelArchitecture | undefined> {
    if (this.archCache.has(model)) return this.archCache.get(model) ?? undefined;
    if (!this.o.ollama) return undefined;
    try {
      const { ollama } = await this.o.ollama();
      const show = await withTimeout(ollama.show({ model }), 3000);
      const info =
        show.model_info instanceof Map
          ? Object.fromEntries(show.model_info)
          : (show.model_info as unknown as Record<string, unknown>);
      const arch = architectureFromModelInfo(info);
      this.archCache.set(model, arch ?? null);
      return arch;
    } catch {
      return undefined;
    }
  }
}

const PROFILE_ORDER = ['minimal', 'standard', 'monitoring', 'agents', 'gateway', 'full'];

function sortProfiles(names: string[]): string[] {
  const rank = (n: string) => (PROFILE_ORDER.includes(n) ? PROFILE_ORDER.indexOf(n) : PROFILE_ORDER.length);
  return [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function profileMemory(p: ComposeProject): ProfileMemory {
  return {
    name: p.activeProfiles[0] ?? '',
    services: Object.values(p.services).map((s) => ({
      name: s.name,
      tier: s.tier,
      ...(s.limits.memoryBytes !== undefined ? { limitBytes: s.limits.memoryBytes } : {}),
      ...(s.reservations.memoryBytes !== undefined ? { reservationBytes: s.reservations.memoryBytes } : {}),
    })),
  };
}

function ollamaOf(projects: ComposeProject[]): OllamaService | undefined {
  for (const p of projects) {
    const s = p.services.ollama;
    if (s)
      return {
        environment: s.environment,
        ...(s.limits.memoryBytes !== undefined ? { limitBytes: s.limits.memoryBytes } : {}),
      };
  }
  return undefined;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
