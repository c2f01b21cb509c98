import si from 'systeminformation';
import { statfsSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { HostProfile } from '../../src-shared/api';
import { readHostMemory } from './host-memory';

export async function readHostProfile(): Promise<HostProfile> {
  const [cpu, mem, os] = await Promise.all([si.cpu(), readHostMemory(), si.osInfo()]);
  return {
    hostname: hostname(),
    platform: os.platform,
    distro: [os.distro, os.release].filter(Boolean).join(' '),
    arch: os.arch,
    cpuModel: [cpu.manufacturer, cpu.brand].filter(Boolean).join(' ').trim() || 'unknown CPU',
    physicalCores: cpu.physicalCores,
    logicalCores: cpu.cores,
    memTotalBytes: mem.totalBytes,
    swapTotalBytes: mem.swapTotalBytes,
  };
}

export interface DiskFree {
  path: string;
  freeBytes: number;
  totalBytes: number;
}

/** Free space of the file system holding `path`; undefined when the path cannot be read here. */
export async function diskFree(path: string): Promise<DiskFree | undefined> {
  try {
    const s = await statfs(path);
    return { path, freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
  } catch {
    return undefined;
  }
}

/** The same, in one statfs call without the thread pool, for a sampler that asks every second. */
export function diskFreeSync(path: string): DiskFree | undefined {
  try {
    const s = statfsSync(path);
    return { path, freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
  } catch {
    return undefined;
  }
}
