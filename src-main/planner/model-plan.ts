import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ModelMemoryEstimate } from '../../src-shared/api/features/hardware';
import type { PlanDisk, PlanModel } from '../../src-shared/api/features/planner';
import { formatMemory } from '../../src-shared/format';
import type { MemoryChange } from './memory-outcome';
import { placeModel, type GpuRoom } from './model-place';
import type { RegistryModel } from './ollama-registry';
import type { RunningMember } from './running-members';

/** What the app knows of Ollama at the moment of planning. */
export interface OllamaNow {
  url: string;
  /** Where the URL came from (`stack`: the project's ollama container). */
  source: string;
  reachable: boolean;
  error?: string;
  held: { name: string; sizeBytes: number; vramBytes: number }[];
  /** Installed models by full name, with what `/api/tags` says of them. */
  installed: Map<string, { sizeBytes?: number; parameterSize?: string; quantization?: string }>;
}

export interface ModelPlanInput {
  model: string;
  kind: 'pull' | 'load';
  ollama: OllamaNow;
  /** The project's ollama service running now, when there is one. */
  stackOllama: RunningMember | undefined;
  /** The ollama service's environment in the project (OLLAMA_NUM_PARALLEL, OLLAMA_MAX_LOADED_MODELS, ...). */
  environment: Record<string, string>;
  /** Its compose file reserves GPUs for it. */
  serviceHasGpu: boolean;
  gpus: GpuRoom[];
  estimate: ModelMemoryEstimate | undefined;
  registry: RegistryModel | undefined;
  registryError?: string;
}

export function fullModelName(name: string): string {
  const last = name.split('/').pop() ?? name;
  return last.includes(':') ? name : `${name}:latest`;
}

/** Whether the Ollama the app talks to is the project's container (its published port), so a model's memory is charged to it. */
export function ollamaInStack(ollama: OllamaNow, member: RunningMember | undefined): boolean {
  if (!member) return false;
  if (ollama.source === 'stack') return true;
  try {
    const port = Number(new URL(ollama.url).port);
    return member.container.info.Ports.some((p) => p.PublicPort === port);
  } catch {
    return false;
  }
}

/**
 * A model's side of a plan: installed or not, already in memory or not, where it would sit (VRAM,
 * split, RAM) and what that adds: to the ollama container when Ollama is the project's, else to
 * the host outside the stack.
 */
export function planModelSide(input: ModelPlanInput): { model: PlanModel; change: MemoryChange; notes: string[] } {
  const name = fullModelName(input.model);
  const installed = input.ollama.installed.has(name);
  const loaded = input.ollama.held.some((m) => m.name === name || m.name === input.model);
  const inStack = ollamaInStack(input.ollama, input.stackOllama);
  const notes: string[] = [];
  const usesGpu = inStack ? input.serviceHasGpu || Boolean(input.stackOllama?.facts.gpus) : true;
  const need = input.estimate?.totalBytes ?? 0;
  const place = input.estimate
    ? placeModel(need, input.gpus, usesGpu)
    : { where: 'unknown' as const, vramBytes: 0, ramBytes: 0, note: 'its memory cannot be estimated' };
  const change: MemoryChange = { adds: [] };
  if (loaded) notes.push(`${name} is already in memory: loading it again adds nothing`);
  else if (place.ramBytes > 0) {
    if (inStack) change.grows = { ollama: place.ramBytes };
    else change.outsideBytes = place.ramBytes;
  }
  const max = Number(input.environment.OLLAMA_MAX_LOADED_MODELS);
  if (!loaded && max > 0 && input.ollama.held.length >= max)
    notes.push(
      `Ollama holds ${input.ollama.held.length} models (OLLAMA_MAX_LOADED_MODELS=${max}): it unloads the one idle longest first`,
    );
  if (!input.ollama.reachable) notes.push(`Ollama at ${input.ollama.url} does not answer: ${input.ollama.error ?? ''}`);
  if (input.kind === 'pull' && !installed && !input.registry && input.registryError)
    notes.push(`the registry did not say what ${name} weighs: ${input.registryError}`);
  return {
    model: {
      model: name,
      installed,
      loaded,
      estimate: input.estimate ?? null,
      where: place.where,
      vramBytes: place.vramBytes,
      ramBytes: place.ramBytes,
      note: loaded ? `already loaded (${place.note})` : place.note,
      downloadBytes: installed ? 0 : (input.registry?.downloadBytes ?? null),
      ollama: {
        url: input.ollama.url,
        reachable: input.ollama.reachable,
        inStack,
        ...(inStack && input.stackOllama?.facts.limitBytes ? { limitBytes: input.stackOllama.facts.limitBytes } : {}),
        holds: input.ollama.held.map((m) => ({ name: m.name, sizeBytes: m.sizeBytes, vramBytes: m.vramBytes })),
      },
    },
    change,
    notes,
  };
}

/** Where Ollama keeps its models: the project's ollama volume, else OLLAMA_MODELS, else ~/.ollama/models. */
export function modelsFolder(
  stackOllama: RunningMember | undefined,
  inStack: boolean,
  env: NodeJS.ProcessEnv,
): { path: string; source: string } {
  if (inStack && stackOllama) {
    const mounts = stackOllama.facts.mounts;
    const target = Object.keys(mounts)
      .filter((d) => '/root/.ollama/models'.startsWith(d) || d.endsWith('/models'))
      .sort((a, b) => b.length - a.length)[0];
    if (target) return { path: mounts[target]!, source: `the ollama container's mount at ${target}` };
  }
  if (env.OLLAMA_MODELS) return { path: env.OLLAMA_MODELS, source: 'OLLAMA_MODELS' };
  return { path: join(homedir(), '.ollama', 'models'), source: "Ollama's default folder" };
}

/** Keep this much free beside a download: a disk filled to the last byte stops the engine and the app. */
export const DISK_RESERVE_BYTES = 1024 ** 3;

export function diskLine(
  label: string,
  where: { path: string; source: string },
  free: { freeBytes: number } | undefined,
  needBytes: number | null,
): PlanDisk {
  if (!free)
    return {
      label,
      path: where.path,
      freeBytes: null,
      needBytes,
      enough: true,
      source: `${where.source}; not readable from here (a remote engine or another machine), so not checked`,
    };
  const need = needBytes ?? 0;
  return {
    label,
    path: where.path,
    freeBytes: free.freeBytes,
    needBytes,
    enough: free.freeBytes - need >= DISK_RESERVE_BYTES,
    source: `${where.source}; statfs: ${formatMemory(free.freeBytes)} free, ${formatMemory(DISK_RESERVE_BYTES)} kept free`,
  };
}
