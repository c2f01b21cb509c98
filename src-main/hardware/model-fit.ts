import type { GpuInfo, ModelFit, ModelMemoryEstimate } from '../../src-shared/api/features/hardware';
import { gib } from './figures';

export interface FitBudget {
  memTotalBytes: number;
  gpus: GpuInfo[];
  /** Ollama's container memory limit in the stack, when it runs there with one. */
  ollamaLimitBytes?: number;
}

/**
 * Where a model's estimated memory fits: wholly in one GPU's free VRAM, else in RAM (bounded by
 * Ollama's container limit when the stack sets one). Advisory: the caller may use it anyway.
 */
export function fitModel(model: string, estimate: ModelMemoryEstimate, budget: FitBudget): ModelFit {
  const need = estimate.totalBytes;
  const gpu = budget.gpus
    .filter((g) => g.vramTotalBytes)
    .map((g) => ({ g, free: g.vramTotalBytes! - (g.vramUsedBytes ?? 0) }))
    .sort((a, b) => b.free - a.free)[0];
  if (gpu && need <= gpu.free) {
    return {
      model,
      estimate,
      fits: true,
      where: 'vram',
      note: `fits in VRAM: ${gib(need)} of ${gib(gpu.free)} GiB free on GPU ${gpu.g.index}`,
    };
  }
  const limit =
    budget.ollamaLimitBytes && budget.ollamaLimitBytes < budget.memTotalBytes ? budget.ollamaLimitBytes : undefined;
  const room = limit ?? budget.memTotalBytes;
  const of = limit ? `Ollama's ${gib(limit)} GiB memory limit` : `${gib(budget.memTotalBytes)} GiB RAM`;
  if (need <= room) {
    return {
      model,
      estimate,
      fits: true,
      where: 'ram',
      note: `fits in RAM: ${gib(need)} of ${limit ? of : `${gib(room)} GiB`}`,
    };
  }
  return { model, estimate, fits: false, where: 'none', note: `too large: needs ${gib(need)} GiB, over ${of}` };
}
