import type { GpuInfo } from '../../src-shared/api/features/hardware';
import { estimateModelMemory, fitModel } from '../hardware';

/** Models offered on a first run, smallest first, with the figures Ollama's library publishes. */
export const STARTER_MODELS = [
  { name: 'tinyllama', parameterSize: '1.1B', quantization: 'Q4_0', sizeBytes: 637_000_000 },
  { name: 'llama3.2:1b', parameterSize: '1.2B', quantization: 'Q8_0', sizeBytes: 1_300_000_000 },
  { name: 'llama3.2:3b', parameterSize: '3.2B', quantization: 'Q4_K_M', sizeBytes: 2_000_000_000 },
  { name: 'llama3.1:8b', parameterSize: '8.0B', quantization: 'Q4_K_M', sizeBytes: 4_900_000_000 },
] as const;

export interface ModelRoom {
  memTotalBytes: number;
  gpus: GpuInfo[];
  /** Ollama's memory limit in the profile that will run it. */
  ollamaLimitBytes?: number;
}

/**
 * The largest starter model whose estimated memory (weights, KV cache and compute graph, as the
 * hardware optimizer estimates them) fits where Ollama will run: a GPU's free VRAM, or RAM within
 * Ollama's memory limit.
 */
export function chooseStarterModel(room: ModelRoom): { name: string; sizeBytes: number; why: string } | null {
  let best: { name: string; sizeBytes: number; why: string } | null = null;
  for (const m of STARTER_MODELS) {
    const estimate = estimateModelMemory({
      name: m.name,
      sizeBytes: m.sizeBytes,
      parameterSize: m.parameterSize,
      quantization: m.quantization,
    });
    if (!estimate) continue;
    const fit = fitModel(m.name, estimate, {
      memTotalBytes: room.memTotalBytes,
      gpus: room.gpus,
      ...(room.ollamaLimitBytes ? { ollamaLimitBytes: room.ollamaLimitBytes } : {}),
    });
    if (fit.fits)
      best = {
        name: m.name,
        sizeBytes: m.sizeBytes,
        why: `${m.name} (${m.parameterSize}, ${m.quantization}) ${fit.note}; the larger candidates do not fit`,
      };
  }
  if (best && best.name === STARTER_MODELS[STARTER_MODELS.length - 1]!.name)
    best.why = best.why.replace('; the larger candidates do not fit', '');
  return best;
}
