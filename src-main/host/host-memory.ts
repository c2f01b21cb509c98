import { readFile } from 'node:fs/promises';
import si from 'systeminformation';

/** The host's memory, in bytes. */
export interface HostMemory {
  totalBytes: number;
  /** What can be given to new work without swapping (`MemAvailable`). */
  availableBytes: number;
  swapTotalBytes: number;
  swapFreeBytes: number;
  /** PSI "some avg10" (percent of the last 10 s some task waited for memory), where the kernel has it. */
  pressureSome10?: number;
}

/**
 * MemTotal, MemAvailable, SwapTotal and SwapFree of /proc/meminfo, in bytes. Kernels before 3.14
 * have no MemAvailable: then free memory plus buffers and page cache stands in for it.
 */
export function parseMeminfo(text: string): Omit<HostMemory, 'pressureSome10'> {
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0) * 1024;
  const available = /^MemAvailable:/m.test(text) ? kb('MemAvailable') : kb('MemFree') + kb('Buffers') + kb('Cached');
  return {
    totalBytes: kb('MemTotal'),
    availableBytes: available,
    swapTotalBytes: kb('SwapTotal'),
    swapFreeBytes: kb('SwapFree'),
  };
}

/** `some avg10=…` of /proc/pressure/memory; undefined when the text has none. */
export function parsePressure(text: string): number | undefined {
  const value = Number(/^some avg10=([\d.]+)/m.exec(text)?.[1]);
  return Number.isFinite(value) ? value : undefined;
}

export interface HostMemoryOptions {
  /** `/proc` of the host (default /proc). */
  proc?: string;
  /** Also read memory pressure (PSI), for the guard. */
  pressure?: boolean;
}

/**
 * The one reader of host memory: /proc/meminfo on Linux (read without starting a process), with
 * PSI when asked and the kernel has it; systeminformation elsewhere (macOS, Windows) or where
 * /proc cannot be read.
 */
export async function readHostMemory(options: HostMemoryOptions = {}): Promise<HostMemory> {
  const proc = options.proc ?? '/proc';
  if (process.platform === 'linux' || options.proc) {
    try {
      const [meminfo, pressure] = await Promise.all([
        readFile(`${proc}/meminfo`, 'utf8'),
        options.pressure ? readFile(`${proc}/pressure/memory`, 'utf8').catch(() => '') : Promise.resolve(''),
      ]);
      const memory = parseMeminfo(meminfo);
      if (memory.totalBytes > 0) {
        const psi = parsePressure(pressure);
        return psi === undefined ? memory : { ...memory, pressureSome10: psi };
      }
    } catch {
      // No /proc here (a sandbox): ask systeminformation.
    }
  }
  const m = await si.mem();
  return { totalBytes: m.total, availableBytes: m.available, swapTotalBytes: m.swaptotal, swapFreeBytes: m.swapfree };
}
