import { readFile } from 'node:fs/promises';
import os from 'node:os';

/** Cumulative CPU time of the whole host, in any unit, split into busy and total. */
export interface CpuTimes {
  busy: number;
  total: number;
}

/**
 * Reads the host's cumulative CPU times without starting a process: the first line of
 * /proc/stat on Linux (so iowait and steal count as they do in `top`), `os.cpus()` elsewhere.
 * systeminformation's currentLoad() shells out to `cat /proc/stat | grep cpu` synchronously on
 * every call, which blocks the event loop for milliseconds each second.
 */
export async function readCpuTimes(procStat = '/proc/stat'): Promise<CpuTimes> {
  if (process.platform === 'linux') {
    try {
      return parseProcStat(await readFile(procStat, 'utf8'));
    } catch {
      // Fall through to os.cpus() (for example in a sandbox without /proc).
    }
  }
  let busy = 0;
  let total = 0;
  for (const cpu of os.cpus()) {
    const t = cpu.times;
    const all = t.user + t.nice + t.sys + t.idle + t.irq;
    total += all;
    busy += all - t.idle;
  }
  return { busy, total };
}

/** Parses the aggregate `cpu` line of /proc/stat: user nice system idle iowait irq softirq steal … */
export function parseProcStat(text: string): CpuTimes {
  const line = text.split('\n', 1)[0] ?? '';
  const fields = line.trim().split(/\s+/);
  if (fields[0] !== 'cpu' || fields.length < 5)
    throw new Error(`/proc/stat: unexpected first line '${line.slice(0, 80)}'`);
  // guest and guest_nice (fields 9 and 10) are already included in user and nice.
  const n = fields.slice(1, 9).map((f) => Number(f) || 0);
  const idle = n[3]! + (n[4] ?? 0);
  const total = n.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** Percent of all CPUs busy between two readings, one decimal; 0 when no time passed. */
export function cpuPercentBetween(before: CpuTimes, after: CpuTimes): number {
  const total = after.total - before.total;
  if (total <= 0) return 0;
  const busy = Math.min(Math.max(after.busy - before.busy, 0), total);
  return Math.round((busy / total) * 1000) / 10;
}
