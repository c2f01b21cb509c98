import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DiskFreeInfo, GpuInfo, HardwareProfile } from '../../src-shared/api/features/hardware';
import { diskFree, readHostProfile } from '../host';

export interface ProfileSources {
  /** The engine's data root (docker info), when the engine answers. */
  engineDataRoot: () => Promise<string | undefined>;
  home: string;
  gpus: () => Promise<{ gpus: GpuInfo[]; note: string }>;
}

/** CPU, memory, GPUs and free disk at the engine's data root and the app home. */
export async function readHardwareProfile(sources: ProfileSources): Promise<HardwareProfile> {
  const [host, gpus, dataRoot] = await Promise.all([
    readHostProfile(),
    sources.gpus(),
    sources.engineDataRoot().catch(() => undefined),
  ]);
  const disks: DiskFreeInfo[] = [];
  if (dataRoot) {
    const d = await diskFree(dataRoot);
    if (d) disks.push({ label: 'engine data', ...d });
  }
  const home = await diskFree(nearestExisting(sources.home));
  if (home) disks.push({ label: 'app data', ...home, path: sources.home });
  return { ...host, gpus: gpus.gpus, gpuNote: gpus.note, disks };
}

function nearestExisting(path: string): string {
  let p = path;
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  return p;
}
