import { execFile } from 'node:child_process';
import type { GpuMetrics } from '../../src-shared/api/features/metrics';
import { mibAsBytes, nvidiaSmiRows, smiNumber } from '../host';

const QUERY = 'index,name,utilization.gpu,memory.used,memory.total,temperature.gpu';

/** Parses `nvidia-smi --query-gpu=index,name,utilization.gpu,memory.used,memory.total,temperature.gpu --format=csv,noheader,nounits`. */
export function parseNvidiaSmi(text: string): GpuMetrics[] {
  return nvidiaSmiRows(text, 5).map((f) => {
    const temperature = smiNumber(f[5]);
    return {
      index: Number(f[0]),
      name: f[1]!,
      utilPercent: smiNumber(f[2]) ?? 0,
      memUsedBytes: mibAsBytes(f[3]) ?? 0,
      memTotalBytes: mibAsBytes(f[4]) ?? 0,
      ...(temperature !== undefined ? { temperatureC: temperature } : {}),
    };
  });
}

/**
 * Samples NVIDIA GPUs through nvidia-smi no more often than `intervalMs` (it starts a process and
 * wakes the driver, so it is never run at 1 Hz). Without nvidia-smi it reports no GPU and only
 * looks again after `absentRetryMs`.
 */
export class GpuReader {
  private last: GpuMetrics[] = [];
  private nextAt = 0;
  private running = false;

  constructor(
    private readonly intervalMs = 30_000,
    private readonly absentRetryMs = 600_000,
    private readonly command = 'nvidia-smi',
  ) {}

  /** The latest GPU figures; starts a new reading in the background when one is due. */
  current(now: number): GpuMetrics[] {
    if (now >= this.nextAt && !this.running) {
      this.running = true;
      this.nextAt = now + this.intervalMs;
      execFile(
        this.command,
        [`--query-gpu=${QUERY}`, '--format=csv,noheader,nounits'],
        { timeout: 5000 },
        (err, stdout) => {
          this.running = false;
          if (err) {
            this.last = [];
            this.nextAt = now + this.absentRetryMs;
            return;
          }
          this.last = parseNvidiaSmi(stdout);
        },
      );
    }
    return this.last;
  }
}
