import type Docker from 'dockerode';
import type { EngineDiskUsage } from '../../src-shared/api/features/hardware';

interface DfImage {
  Size?: number;
  SharedSize?: number;
  Containers?: number;
}
interface DfContainer {
  SizeRw?: number;
  State?: string;
}
interface DfVolume {
  Name: string;
  Labels?: Record<string, string> | null;
  UsageData?: { Size?: number; RefCount?: number } | null;
}
interface DfBuildCache {
  ID: string;
  Type?: string;
  Description?: string;
  Size?: number;
  InUse?: boolean;
  Shared?: boolean;
}
export interface DfAnswer {
  LayersSize?: number;
  Images?: DfImage[] | null;
  Containers?: DfContainer[] | null;
  Volumes?: DfVolume[] | null;
  BuildCache?: DfBuildCache[] | null;
}

/** The engine's disk usage as `docker system df` counts it (reclaimable: what no container uses). */
export function summarizeDf(df: DfAnswer): EngineDiskUsage {
  const pos = (n: number | undefined) => (n && n > 0 ? n : 0);
  const images = df.Images ?? [];
  const containers = df.Containers ?? [];
  const volumes = df.Volumes ?? [];
  const cache = df.BuildCache ?? [];
  return {
    images: {
      count: images.length,
      bytes: pos(df.LayersSize) || images.reduce((a, i) => a + pos(i.Size), 0),
      reclaimableBytes: images.filter((i) => !i.Containers).reduce((a, i) => a + pos(i.Size) - pos(i.SharedSize), 0),
    },
    containers: {
      count: containers.length,
      bytes: containers.reduce((a, c) => a + pos(c.SizeRw), 0),
      reclaimableBytes: containers
        .filter((c) => c.State !== 'running' && c.State !== 'paused')
        .reduce((a, c) => a + pos(c.SizeRw), 0),
    },
    volumes: {
      count: volumes.length,
      bytes: volumes.reduce((a, v) => a + pos(v.UsageData?.Size), 0),
      reclaimableBytes: volumes.filter((v) => !v.UsageData?.RefCount).reduce((a, v) => a + pos(v.UsageData?.Size), 0),
    },
    buildCache: {
      count: cache.length,
      bytes: cache.reduce((a, b) => a + pos(b.Size), 0),
      reclaimableBytes: cache.filter((b) => !b.InUse && !b.Shared).reduce((a, b) => a + pos(b.Size), 0),
    },
  };
}

export async function engineDiskUsage(docker: Docker): Promise<EngineDiskUsage> {
  return summarizeDf((await docker.df()) as DfAnswer);
}
