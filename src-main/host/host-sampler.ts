import si from 'systeminformation';
import type { HostSample } from '../../src-shared/api';

type Listener = (sample: HostSample) => void;

export interface HostSamplerOptions {
  intervalMs?: number;
  /** How many samples to keep in memory (default: 10 minutes at 1 Hz). */
  capacity?: number;
  now?: () => number;
}

/**
 * Samples host CPU and memory at a fixed rate with systeminformation and keeps a bounded
 * in-memory history. Runs only while started; listeners get each sample as it is taken.
 */
export class HostSampler {
  private readonly ring: HostSample[] = [];
  private readonly listeners = new Set<Listener>();
  private timer: NodeJS.Timeout | undefined;
  private readonly intervalMs: number;
  private readonly capacity: number;
  private readonly now: () => number;
  private sampling = false;

  constructor(options: HostSamplerOptions = {}) {
    this.intervalMs = options.intervalMs ?? 1000;
    this.capacity = options.capacity ?? 600;
    this.now = options.now ?? Date.now;
  }

  start(): void {
    if (this.timer) return;
    // The first currentLoad() call only primes systeminformation's CPU counters.
    void si.currentLoad().then(() => this.tick());
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  latest(): HostSample | undefined {
    return this.ring[this.ring.length - 1];
  }

  history(seconds?: number): HostSample[] {
    if (seconds === undefined) return [...this.ring];
    const since = this.now() - seconds * 1000;
    return this.ring.filter((s) => s.time >= since);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Takes one sample now; exposed so that a caller needing a fresh figure need not wait. */
  async sample(): Promise<HostSample> {
    const [load, mem] = await Promise.all([si.currentLoad(), si.mem()]);
    return {
      time: this.now(),
      cpuPercent: round1(load.currentLoad),
      memTotalBytes: mem.total,
      memAvailableBytes: mem.available,
      memUsedBytes: mem.total - mem.available,
    };
  }

  private async tick(): Promise<void> {
    if (this.sampling) return;
    this.sampling = true;
    try {
      const s = await this.sample();
      this.ring.push(s);
      if (this.ring.length > this.capacity) this.ring.splice(0, this.ring.length - this.capacity);
      for (const l of this.listeners) l(s);
    } catch {
      // A failed read is skipped; the next tick tries again.
    } finally {
      this.sampling = false;
    }
  }
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
