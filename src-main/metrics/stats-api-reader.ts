import type Docker from 'dockerode';
import { workingSetFromStats, type EngineMemoryStats } from '../host';
import type { ContainerCounters } from './container-cgroup';

interface EngineStats {
  cpu_stats?: { cpu_usage?: { total_usage?: number } };
  memory_stats?: EngineMemoryStats;
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
  blkio_stats?: { io_service_bytes_recursive?: { op: string; value: number }[] | null };
}

/** Counters from one engine stats answer (the same arithmetic as `docker stats`). */
export function countersFromStats(s: EngineStats): ContainerCounters {
  let netRx = 0;
  let netTx = 0;
  for (const n of Object.values(s.networks ?? {})) {
    netRx += n.rx_bytes ?? 0;
    netTx += n.tx_bytes ?? 0;
  }
  let blockRead = 0;
  let blockWrite = 0;
  for (const e of s.blkio_stats?.io_service_bytes_recursive ?? []) {
    const op = e.op.toLowerCase();
    if (op === 'read') blockRead += e.value;
    else if (op === 'write') blockWrite += e.value;
  }
  const limit = s.memory_stats?.limit;
  return {
    cpuNs: s.cpu_stats?.cpu_usage?.total_usage ?? 0,
    memBytes: workingSetFromStats(s.memory_stats) ?? 0,
    memLimitBytes: limit && limit < 2 ** 62 ? limit : undefined,
    blockRead,
    blockWrite,
    netRx,
    netTx,
  };
}

/**
 * Asks the engine for one stats answer per container (`stream=false`, `one-shot=true`, so the
 * engine neither holds a connection open nor waits a second for a second reading), at most
 * `concurrency` requests in flight. Containers whose answer fails are left out.
 */
export async function readStatsApi(
  docker: Docker,
  ids: string[],
  concurrency = 4,
): Promise<Map<string, ContainerCounters>> {
  const out = new Map<string, ContainerCounters>();
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      try {
        const s = (await docker
          .getContainer(id)
          .stats({ stream: false, 'one-shot': true } as { stream: false })) as EngineStats;
        out.set(id, countersFromStats(s));
      } catch {
        // Stopped between the listing and the request: nothing to report for it.
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  return out;
}
