import { z } from 'zod';
import { procedure, stream } from '../define';

/** Figures of one container at one tick. Rates are per second since the previous tick. */
export interface ContainerMetrics {
  id: string;
  name: string;
  /** Compose project and service from the container's labels; empty when it has none. */
  project: string;
  service: string;
  /** Percent of one core, as `docker stats` shows it (200 = two cores busy). */
  cpuPercent: number;
  /** Working set: usage minus inactive file cache, as `docker stats` counts it. */
  memBytes: number;
  /** The container's memory limit, or the host's memory when it has none. */
  memLimitBytes: number;
  netRxBytesPerSec: number;
  netTxBytesPerSec: number;
  blockReadBytesPerSec: number;
  blockWriteBytesPerSec: number;
  /** Cumulative counters since the container started. */
  netRxBytes: number;
  netTxBytes: number;
  blockReadBytes: number;
  blockWriteBytes: number;
  cpuSecondsTotal: number;
}

export interface GpuMetrics {
  index: number;
  name: string;
  utilPercent: number;
  memUsedBytes: number;
  memTotalBytes: number;
  temperatureC?: number;
}

export interface HostMetrics {
  cpuPercent: number;
  memTotalBytes: number;
  memUsedBytes: number;
  memAvailableBytes: number;
  swapTotalBytes: number;
  swapUsedBytes: number;
  netRxBytesPerSec: number;
  netTxBytesPerSec: number;
  /** Free space where the engine keeps its data (local engine only) and at the app's home. */
  diskEngine?: { path: string; freeBytes: number; totalBytes: number };
  diskHome?: { path: string; freeBytes: number; totalBytes: number };
  /**
   * Set when the engine runs on another machine: CPU, memory and swap are that machine's, read by a
   * probe container there (network rates are not read there: 0). `fresh` false: the probe gave no
   * figure lately (`note` says why) and the last one it gave is shown.
   */
  probe?: { engine: string; fresh: boolean; sampledAt?: number; note?: string };
}

export interface MetricsSnapshot {
  /** Milliseconds since the epoch. */
  time: number;
  /** How often the collector samples right now (1000 while a view is open). */
  intervalMs: number;
  /** Where container figures came from this tick. */
  source: 'cgroup' | 'stats-api' | 'none';
  /** The compose project whose services are kept in the history. */
  project: string;
  host: HostMetrics;
  /** The app's own process. */
  app: { cpuPercent: number; rssBytes: number };
  containers: ContainerMetrics[];
  /** Empty when no NVIDIA GPU (or no nvidia-smi) is found; sampled every 30 s. */
  gpus: GpuMetrics[];
}

export const METRICS_RANGES = ['5m', '1h', '24h', '7d'] as const;
export type MetricsRange = (typeof METRICS_RANGES)[number];

/** One consolidated point: [time ms, min, avg, max]. */
export type MetricsPoint = [number, number, number, number];

export interface MetricsHistory {
  range: MetricsRange;
  /** Width of one point in milliseconds (1 s, 10 s, 1 min or more). */
  stepMs: number;
  series: { name: string; points: MetricsPoint[] }[];
}

/**
 * Where a managed project's service series are kept: `svc.` for the SutazAI stack (`sutazai`), and
 * `project.<name>.` for another project (`project.dify.api.mem_bytes`).
 */
export function serviceSeriesPrefix(project: string, sutazaiProject: string): string {
  return project === sutazaiProject ? 'svc.' : `project.${project}.`;
}

/** A series name: `host.cpu_percent`, `svc.ollama.mem_bytes`, `app.rss_bytes`, `gpu.0.util_percent`. */
const seriesName = z.string().regex(/^[a-z]+\.[a-zA-Z0-9_.-]{1,120}$/, 'a series name such as host.cpu_percent');
const historyQuery = z
  .object({
    series: z.array(seriesName).min(1).max(200),
    range: z.enum(METRICS_RANGES),
  })
  .strict();

export const metricsContract = {
  'metrics:latest': procedure(z.object({}).strict()).returns<MetricsSnapshot | null>(),
  /** Every series name held in the history, sorted. */
  'metrics:series': procedure(z.object({}).strict()).returns<string[]>(),
  'metrics:history': procedure(historyQuery).returns<MetricsHistory>(),
  /** The same points as CSV text: time, series, min, avg, max. */
  'metrics:csv': procedure(historyQuery).returns<string>(),
  /** A snapshot per tick; while subscribed and visible the collector samples at 1 Hz. */
  'metrics:stream': stream(z.object({}).strict()).emits<MetricsSnapshot>(),
  /** The view says whether it can be seen; hidden views let the collector slow down. */
  'metrics:visibility': procedure(z.object({ visible: z.boolean() }).strict()).returns<{ intervalMs: number }>(),
};
