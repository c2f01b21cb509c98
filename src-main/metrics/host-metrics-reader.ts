import { readFile } from 'node:fs/promises';
import type { HostMetrics } from '../../src-shared/api/features/metrics';
import { cpuPercentBetween, diskFree, parseNetDev, readCpuTimes, readHostMemory, type CpuTimes } from '../host';

/** Interfaces that only carry container traffic already counted on a physical one. */
const VIRTUAL_INTERFACE = /^(lo|veth|docker|br-|virbr|cni|flannel|cali|vxlan|tunl)/;

/**
 * Reads the host's CPU, memory, swap, network rate and free disk, keeping the previous counters so
 * that each call reports the rate since the last one. Reads /proc only; no process is started.
 */
export class HostMetricsReader {
  private lastCpu: CpuTimes | undefined;
  private lastNet: { rx: number; tx: number; at: number } | undefined;

  constructor(private readonly proc = '/proc') {}

  async read(now: number, disks: { engine?: string | undefined; home: string }): Promise<HostMetrics> {
    const [cpu, mem, netdev, diskEngine, diskHome] = await Promise.all([
      readCpuTimes(`${this.proc}/stat`),
      readHostMemory({ proc: this.proc }),
      readFile(`${this.proc}/net/dev`, 'utf8').catch(() => ''),
      disks.engine ? diskFree(disks.engine) : Promise.resolve(undefined),
      diskFree(disks.home),
    ]);
    const net = parseNetDev(netdev, (i) => VIRTUAL_INTERFACE.test(i));
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
}
