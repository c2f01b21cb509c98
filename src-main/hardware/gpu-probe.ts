import si from 'systeminformation';
import type { GpuInfo } from '../../src-shared/api/features/hardware';
import { queryNvidiaSmi, type NvidiaSmiResult } from '../host';

const MiB = 1024 * 1024;

/**
 * GPUs with VRAM: NVIDIA through nvidia-smi (the driver's own figures), the others (AMD, Intel,
 * Apple) through systeminformation's graphics(), which reports VRAM in MiB where the OS does.
 */
export async function probeGpus(
  nvidia: () => Promise<NvidiaSmiResult> = () => queryNvidiaSmi(),
): Promise<{ gpus: GpuInfo[]; note: string }> {
  const [smi, graphics] = await Promise.all([nvidia(), si.graphics().catch(() => ({ controllers: [] }))]);
  const others: GpuInfo[] = graphics.controllers
    .filter((c) => !(smi.gpus.length > 0 && /nvidia/i.test(c.vendor ?? '')))
    .filter((c) => (c.vram ?? 0) > 0 || /amd|ati|intel|apple/i.test(c.vendor ?? ''))
    .map((c, i) => ({
      index: smi.gpus.length + i,
      name: c.model || 'unknown GPU',
      vendor: c.vendor || 'unknown',
      ...(c.vram ? { vramTotalBytes: c.vram * MiB } : {}),
      ...(c.memoryUsed ? { vramUsedBytes: c.memoryUsed * MiB } : {}),
      ...(c.driverVersion ? { driverVersion: c.driverVersion } : {}),
      source: 'systeminformation' as const,
    }));
  const gpus = [...smi.gpus, ...others];
  const note =
    others.length > 0
      ? `${smi.note}; systeminformation: ${others.length} other GPU${others.length === 1 ? '' : 's'}`
      : smi.note;
  return { gpus, note: gpus.length === 0 ? `${note}; no other GPU found: models run on the CPU` : note };
}
