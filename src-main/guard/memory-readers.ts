import { readFileSync } from 'node:fs';
import type Docker from 'dockerode';
import { workingSet } from '../metrics';

export interface HostMemory {
  totalBytes: number;
  availableBytes: number;
  /** PSI "some avg10" when the kernel has /proc/pressure/memory. */
  pressureSome10?: number;
}

export function readHostMemory(): HostMemory {
  const text = readFileSync('/proc/meminfo', 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0) * 1024;
  let pressure: number | undefined;
  try {
    pressure = Number(/some avg10=([\d.]+)/.exec(readFileSync('/proc/pressure/memory', 'utf8'))?.[1]);
  } catch {
    pressure = undefined;
  }
  return { totalBytes: kb('MemTotal'), availableBytes: kb('MemAvailable'), ...(pressure !== undefined && !Number.isNaN(pressure) ? { pressureSome10: pressure } : {}) };
}

const CGROUP_DIRS = (id: string) => [
  `/sys/fs/cgroup/memory/docker/${id}`,
  `/sys/fs/cgroup/memory/system.slice/docker-${id}.scope`,
  `/sys/fs/cgroup/system.slice/docker-${id}.scope`,
  `/sys/fs/cgroup/docker/${id}`,
];

/**
 * A container's working set as `docker stats` counts it: usage minus inactive file cache. From
 * the cgroup files (v1 or v2) when the engine is local; undefined when they cannot be read.
 */
export function readCgroupWorkingSet(id: string): number | undefined {
  for (const dir of CGROUP_DIRS(id)) {
    try {
      const v1 = tryRead(`${dir}/memory.usage_in_bytes`);
      const usage = v1 ?? tryRead(`${dir}/memory.current`);
      if (usage === undefined) continue;
      return workingSet(usage, readFileSync(`${dir}/memory.stat`, 'utf8'), v1 !== undefined ? 1 : 2);
    } catch {
      // try the next layout
    }
  }
  return undefined;
}

function tryRead(path: string): number | undefined {
  try {
    return Number(readFileSync(path, 'utf8').trim());
  } catch {
    return undefined;
  }
}

/** The same figure from the engine's one-shot stats, for remote engines. */
export async function statsWorkingSet(docker: Docker, id: string): Promise<number | undefined> {
  try {
    const s = (await docker.getContainer(id).stats({ stream: false })) as { memory_stats?: { usage?: number; stats?: Record<string, number> } };
    const usage = s.memory_stats?.usage;
    if (usage === undefined) return undefined;
    const st = s.memory_stats?.stats ?? {};
    return Math.max(0, usage - (st.total_inactive_file ?? st.inactive_file ?? 0));
  } catch {
    return undefined;
  }
}
