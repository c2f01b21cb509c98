import type Docker from 'dockerode';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workingSet } from './cgroup-parsers';
import type { CgroupLocation, CgroupLocator } from './cgroup-locator';

/** The memory part of the engine's stats answer (cgroup v1 engines report `total_*`, v2 engines the plain keys). */
export interface EngineMemoryStats {
  usage?: number;
  max_usage?: number;
  limit?: number;
  stats?: Record<string, number>;
}

/** The working set from the engine's stats answer: the same arithmetic as `docker stats`. */
export function workingSetFromStats(m: EngineMemoryStats | undefined): number | undefined {
  if (m?.usage === undefined) return undefined;
  const st = m.stats ?? {};
  return Math.max(0, m.usage - (st.total_inactive_file ?? st.inactive_file ?? 0));
}

/** A container's working set from its cgroup files (usage minus inactive file cache); undefined when they are gone. */
export function readCgroupWorkingSet(at: CgroupLocation): number | undefined {
  try {
    const usage = Number(
      readFileSync(join(at.memory, at.version === 1 ? 'memory.usage_in_bytes' : 'memory.current'), 'utf8'),
    );
    return workingSet(usage, readFileSync(join(at.memory, 'memory.stat'), 'utf8'), at.version);
  } catch {
    return undefined;
  }
}

/** The most memory a container's cgroup has held (v1 `max_usage_in_bytes`, v2 `memory.peak` from Linux 5.19). */
export function readCgroupPeak(at: CgroupLocation): number | undefined {
  try {
    const n = Number(
      readFileSync(join(at.memory, at.version === 1 ? 'memory.max_usage_in_bytes' : 'memory.peak'), 'utf8'),
    );
    return Number.isFinite(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

export interface ContainerMemoryOptions {
  docker: Docker;
  /** Present when the engine runs on this machine: figures then come from the cgroup files. */
  cgroups?: CgroupLocator | undefined;
}

/**
 * Containers' memory as the guard and the supervisor need it: from the cgroup files when the
 * engine is local and they can be found (each container located once), else from the engine's
 * one-shot stats answer.
 */
export class ContainerMemory {
  private readonly locations = new Map<string, CgroupLocation | undefined>();

  constructor(private readonly o: ContainerMemoryOptions) {}

  /** The working set of a running container; undefined when neither source answers. */
  async workingSet(id: string): Promise<number | undefined> {
    const at = await this.location(id);
    const bytes = at ? readCgroupWorkingSet(at) : undefined;
    if (bytes !== undefined) return bytes;
    // Files gone (the container stopped or was recreated): locate it again next time.
    if (at) this.locations.delete(id);
    return workingSetFromStats((await this.stats(id))?.memory_stats);
  }

  /** A container's peak memory, read at once (after an OOM kill the files may soon be gone). */
  async peak(id: string): Promise<number | undefined> {
    const at = await this.o.cgroups?.locate(id);
    const bytes = at ? readCgroupPeak(at) : undefined;
    if (bytes !== undefined) return bytes;
    const max = (await this.stats(id))?.memory_stats?.max_usage;
    return max && max > 0 ? max : undefined;
  }

  /** Forgets the locations of containers other than `ids` (those that went away). */
  retain(ids: Iterable<string>): void {
    const keep = new Set(ids);
    for (const id of this.locations.keys()) if (!keep.has(id)) this.locations.delete(id);
  }

  private async location(id: string): Promise<CgroupLocation | undefined> {
    if (!this.o.cgroups) return undefined;
    if (!this.locations.has(id)) this.locations.set(id, await this.o.cgroups.locate(id));
    return this.locations.get(id);
  }

  private async stats(id: string): Promise<{ memory_stats?: EngineMemoryStats } | undefined> {
    try {
      return (await this.o.docker.getContainer(id).stats({ stream: false, 'one-shot': true } as { stream: false })) as {
        memory_stats?: EngineMemoryStats;
      };
    } catch {
      return undefined;
    }
  }
}
