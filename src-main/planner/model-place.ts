import type { PlanModel } from '../../src-shared/api/features/planner';
import { formatMemory } from '../../src-shared/format';

export interface GpuRoom {
  index: number;
  name: string;
  totalBytes: number;
  usedBytes: number;
}

export interface ModelPlace {
  where: PlanModel['where'];
  vramBytes: number;
  ramBytes: number;
  note: string;
}

/** Below this share of the model in VRAM, offloading is not worth it and Ollama runs it on the CPU. */
const MIN_OFFLOAD_SHARE = 0.1;

/**
 * Where a model of `needBytes` would sit: wholly in the GPU with the most free VRAM, split between
 * it and RAM (the layers in RAM run on the CPU), or in RAM alone. A GPU that Ollama cannot use
 * (its service reserves none) or that has almost no room left is said as such.
 */
export function placeModel(needBytes: number, gpus: GpuRoom[], ollamaUsesGpu: boolean): ModelPlace {
  const rooms = gpus
    .filter((g) => g.totalBytes > 0)
    .map((g) => ({ g, free: Math.max(0, g.totalBytes - g.usedBytes) }))
    .sort((a, b) => b.free - a.free);
  const best = rooms[0];
  if (!best)
    return { where: 'ram', vramBytes: 0, ramBytes: needBytes, note: `in RAM (no GPU): ${formatMemory(needBytes)}` };
  const gpu = `GPU ${best.g.index} (${best.g.name})`;
  if (!ollamaUsesGpu)
    return {
      where: 'cpu-only',
      vramBytes: 0,
      ramBytes: needBytes,
      note: `runs on the CPU although ${gpu} is present: Ollama's service reserves no GPU; ${formatMemory(needBytes)} in RAM`,
    };
  if (needBytes <= best.free)
    return {
      where: 'vram',
      vramBytes: needBytes,
      ramBytes: 0,
      note: `fits in VRAM: ${formatMemory(needBytes)} of ${formatMemory(best.free)} free on ${gpu}`,
    };
  if (best.free >= needBytes * MIN_OFFLOAD_SHARE)
    return {
      where: 'split',
      vramBytes: best.free,
      ramBytes: needBytes - best.free,
      note: `spills out of VRAM: ${formatMemory(best.free)} on ${gpu}, ${formatMemory(needBytes - best.free)} in RAM (those layers run on the CPU, slower)`,
    };
  return {
    where: 'cpu-only',
    vramBytes: 0,
    ramBytes: needBytes,
    note: `would only fit on the CPU: ${gpu} has ${formatMemory(best.free)} free of ${formatMemory(best.g.totalBytes)}, under a tenth of the ${formatMemory(needBytes)} it needs`,
  };
}
