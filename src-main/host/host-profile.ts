import si from 'systeminformation';
import { statfs } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { HostProfile } from '../../src-shared/api';

export async function readHostProfile(): Promise<HostProfile> {
  const [cpu, mem, os] = await Promise.all([si.cpu(), si.mem(), si.osInfo()]);
  return {
    hostname: hostname(),
    platform: os.platform,
    distro: [os.distro, os.release].filter(Boolean).join(' '),
    arch: os.arch,
    cpuModel: [cpu.manufacturer, cpu.brand].filter(Boolean).join(' ').trim() || 'unknown CPU',
    physicalCores: cpu.physicalCores,
    logicalCores: cpu.cores,
    memTotalBytes: mem.total,
    swapTotalBytes: mem.swaptotal,
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
