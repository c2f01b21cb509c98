import type { HostMetrics } from '../../src-shared/api/features/metrics';
import {
  cpuPercentBetween,
  diskFreeSync,
  parseMeminfo,
  parseNetDev,
  parseProcStat,
  readCpuTimes,
  readHostMemory,
  type CpuTimes,
  type HostMemory,
} from '../host';
import { OpenFiles } from './open-files';

/** Interfaces that only carry container traffic already counted on a physical one. */
const VIRTUAL_INTERFACE = /^(lo|veth|docker|br-|virbr|cni|flannel|cali|vxlan|tunl)/;

/**
 * Reads the host's CPU, memory, swap, network rate and free disk, keeping the previous counters so
 * that each call reports the rate since the last one. Reads /proc only; no process is started.
 * The /proc files stay open and are re-read from offset 0, as the containers' are: at one tick a
 * second this saves an open, a close and a trip through the thread pool per file.
 */
export class HostMetricsReader {
  private lastCpu: CpuTimes | undefined;
  private lastNet: { rx: number; tx: number; at: number } | undefined;
  private readonly files = new OpenFiles();

  constructor(private readonly proc = '/proc') {}

  async read(now: number, disks: { engine?: string | undefined; home: string }): Promise<HostMetrics> {
    const cpu = await this.cpuTimes();
    const mem = await this.memory();
    const net = parseNetDev(this.files.readIfPresent(`${this.proc}/net/dev`), (i) => VIRTUAL_INTERFACE.test(i));
    const diskEngine = disks.engine ? diskFreeSync(disks.engine) : undefined;
    const diskHome = diskFreeSync(disks.home);
    const cpuPercent = this.lastCpu ? cpuPercentBetween(this.lastCpu, cpu) : 0;
    this.lastCpu = cpu;
    const seconds = this.lastNet ? (now - this.lastNet.at) / 1000 : 0;
    const rate = (a: number, b: number | undefined) =>
      b !== undefined && seconds > 0 ? Math.max(0, (a - b) / seconds) : 0;
    const result: HostMetrics = {
      cpuPercent,
      memTotalBytes: mem.totalBytes,
      memAvailableBytes: mem.availableBytes,
      memUsedBytes: mem.totalBytes - mem.availableBytes,
      swapTotalBytes: mem.swapTotalBytes,
      swapUsedBytes: mem.swapTotalBytes - mem.swapFreeBytes,
      netRxBytesPerSec: rate(net.rx, this.lastNet?.rx),
      netTxBytesPerSec: rate(net.tx, this.lastNet?.tx),
      ...(diskEngine ? { diskEngine } : {}),
      ...(diskHome ? { diskHome } : {}),
    };
    this.lastNet = { ...net, at: now };
    return result;
  }

  /** Closes the files kept open. */
  dispose(): void {
    this.files.dispose();
  }

  private async cpuTimes(): Promise<CpuTimes> {
    try {
      return parseProcStat(this.files.read(`${this.proc}/stat`));
    } catch {
      // Not Linux, or no /proc here: the shared reader knows the other ways.
      return readCpuTimes(`${this.proc}/stat`);
    }
  }

  private async memory(): Promise<Omit<HostMemory, 'pressureSome10'>> {
    try {
      const memory = parseMeminfo(this.files.read(`${this.proc}/meminfo`));
      if (memory.totalBytes > 0) return memory;
    } catch {
      // as above
    }
    return readHostMemory({ proc: this.proc });
  }
}
