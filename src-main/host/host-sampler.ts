import type { HostSample } from '../../src-shared/api';
import { Emitter, type Event } from '../base';
import { cpuPercentBetween, readCpuTimes, type CpuTimes } from './cpu-times';
import { readHostMemory } from './host-memory';

export interface HostSamplerOptions {
  intervalMs?: number;
  /** How many samples to keep in memory (default: 10 minutes at 1 Hz). */
  capacity?: number;
  now?: () => number;
}

/**
 * Samples host CPU (from cumulative CPU times, no process started) and memory (the host memory
 * reader: /proc/meminfo on Linux) at a fixed rate and keeps a bounded in-memory
 * history. Runs only while started; listeners get each sample as it is taken.
 */
export class HostSampler {
  private readonly ring: HostSample[] = [];
  private readonly sampled = new Emitter<HostSample>();
  /** Each sample as it is taken. */
  readonly subscribe: Event<HostSample> = this.sampled.event;
  private timer: NodeJS.Timeout | undefined;
  private readonly intervalMs: number;
  private readonly capacity: number;
  private readonly now: () => number;
  private sampling = false;
  private lastCpu: CpuTimes | undefined;

  constructor(options: HostSamplerOptions = {}) {
    this.intervalMs = options.intervalMs ?? 1000;
    this.capacity = options.capacity ?? 600;
    this.now = options.now ?? Date.now;
  }

  start(): void {
    if (this.timer) return;
    // The first reading only primes the CPU counters.
    void this.readCpu().then(() => this.tick());
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref?.();
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sampled.dispose();
  }

  latest(): HostSample | undefined {
    return this.ring[this.ring.length - 1];
  }

  history(seconds?: number): HostSample[] {
    if (seconds === undefined) return [...this.ring];
    const since = this.now() - seconds * 1000;
    return this.ring.filter((s) => s.time >= since);
  }

  /** Takes one sample now; exposed so that a caller needing a fresh figure need not wait. */
  async sample(): Promise<HostSample> {
    const [cpuPercent, mem] = await Promise.all([this.readCpu(), readHostMemory()]);
    return {
      time: this.now(),
      cpuPercent,
      memTotalBytes: mem.totalBytes,
      memAvailableBytes: mem.availableBytes,
      memUsedBytes: mem.totalBytes - mem.availableBytes,
    };
  }

  /** CPU % since the previous reading (0 for the very first). */
  private async readCpu(): Promise<number> {
    const now = await readCpuTimes();
    const before = this.lastCpu;
    this.lastCpu = now;
    return before ? cpuPercentBetween(before, now) : 0;
  }

  private async tick(): Promise<void> {
    if (this.sampling) return;
    this.sampling = true;
    try {
      const s = await this.sample();
      this.ring.push(s);
      if (this.ring.length > this.capacity) this.ring.splice(0, this.ring.length - this.capacity);
      this.sampled.fire(s);
    } catch {
      // A failed read is skipped; the next tick tries again.
    } finally {
      this.sampling = false;
    }
  }
}
