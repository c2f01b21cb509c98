import type Docker from 'dockerode';
import type { HostMetrics, MetricsSnapshot } from '../../src-shared/api/features/metrics';
import { Emitter, toDisposable, type IDisposable } from '../base';
import type { HostMemory } from '../host';
import { ContainerMetricsReader } from './container-metrics-reader';
import { GpuReader } from './gpu-reader';
import { HostMetricsReader } from './host-metrics-reader';
import type { MetricsRepository } from './metrics-repository';
import { seriesOf } from './snapshot-series';

export interface MetricsCollectorOptions {
  docker: Docker;
  /** The engine runs on this machine (a unix socket): container figures come from cgroup files. */
  localEngine: boolean;
  /** The app's home, whose free disk space is reported. */
  home: string;
  /** The SutazAI stack's compose project: its services are kept as `svc.<service>.<figure>`. */
  project: string;
  /** Every managed project (the SutazAI stack's included): their services are kept too, as `project.<name>.<service>.<figure>`. */
  projects?: () => string[];
  repository?: MetricsRepository;
  now?: () => number;
  /** Sampling interval while a view is open and visible (default 1 s). */
  activeIntervalMs?: number;
  /** Sampling interval otherwise (default 10 s). */
  idleIntervalMs?: number;
  gpu?: GpuReader;
  containers?: ContainerMetricsReader;
  /**
   * When the engine runs on another machine: that machine's figures from a probe container there
   * (undefined while the engine is on this machine). Read without waiting.
   */
  remoteHost?: () =>
    { engine: string; sample?: { memory: HostMemory; cpuPercent: number; time: number }; reason?: string } | undefined;
}

/**
 * The one collector of the core: host, containers, GPUs and the app itself, sampled at 1 Hz
 * while some view is open and visible and every 10 s otherwise. Each tick is kept in the
 * history (one transaction) and handed to the listeners.
 */
export class MetricsCollector {
  private readonly sampled = new Emitter<MetricsSnapshot>();
  /** Per viewer (window or socket): open streams and whether it says it can be seen. */
  private readonly viewers = new Map<string, { streams: number; visible: boolean }>();
  private readonly host = new HostMetricsReader();
  private readonly gpu: GpuReader;
  readonly containers: ContainerMetricsReader;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private inFlight: Promise<MetricsSnapshot> | undefined;
  private last: MetricsSnapshot | undefined;
  private lastApp: { at: number; cpu: NodeJS.CpuUsage } | undefined;
  private nextDue = 0;

  constructor(private readonly o: MetricsCollectorOptions) {
    this.now = o.now ?? Date.now;
    this.gpu = o.gpu ?? new GpuReader();
    this.containers =
      o.containers ?? new ContainerMetricsReader({ docker: o.docker, local: o.localEngine, followEvents: true });
  }

  get intervalMs(): number {
    const watched = [...this.viewers.values()].some((v) => v.streams > 0 && v.visible);
    return watched ? (this.o.activeIntervalMs ?? 1000) : (this.o.idleIntervalMs ?? 10_000);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Stops sampling, closes the containers' files and writes what the history holds in memory. */
  dispose(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.sampled.dispose();
    this.containers.dispose();
    this.host.dispose();
    this.o.repository?.flush();
  }

  latest(): MetricsSnapshot | undefined {
    return this.last;
  }

  /** A view's stream: counts as watching until the subscription is disposed. */
  watch(peer: string, listener: (snapshot: MetricsSnapshot) => void): IDisposable {
    const v = this.viewers.get(peer) ?? { streams: 0, visible: true };
    v.streams++;
    this.viewers.set(peer, v);
    const subscription = this.sampled.event(listener);
    this.rateChanged();
    if (this.last) listener(this.last);
    return toDisposable(() => {
      subscription.dispose();
      v.streams--;
      if (v.streams <= 0) this.viewers.delete(peer);
      this.rateChanged();
    });
  }

  setVisible(peer: string, visible: boolean): number {
    const v = this.viewers.get(peer) ?? { streams: 0, visible };
    v.visible = visible;
    this.viewers.set(peer, v);
    this.rateChanged();
    return this.intervalMs;
  }

  /** The viewer went away (window closed, socket dropped). */
  forget(peer: string): void {
    if (this.viewers.get(peer)?.streams === 0) this.viewers.delete(peer);
  }

  /** Takes one sample now and returns it (also stored and sent to listeners). */
  tick(): Promise<MetricsSnapshot> {
    this.inFlight ??= this.sample().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async sample(): Promise<MetricsSnapshot> {
    const time = this.now();
    const host = withRemoteHost(
      await this.host.read(time, { engine: this.containers.engineRoot, home: this.o.home }),
      this.o.remoteHost?.(),
    );
    let containers: Awaited<ReturnType<ContainerMetricsReader['read']>> = { source: 'none', containers: [] };
    try {
      containers = await this.containers.read(time, host.memTotalBytes);
    } catch {
      // No engine right now: host figures still count.
    }
    const snapshot: MetricsSnapshot = {
      time,
      intervalMs: this.intervalMs,
      source: containers.source,
      project: this.o.project,
      host,
      app: this.readApp(time),
      containers: containers.containers,
      gpus: this.gpu.current(time),
    };
    this.last = snapshot;
    this.o.repository?.record(time, seriesOf(snapshot, this.o.project, this.o.projects?.() ?? []));
    this.sampled.fire(snapshot);
    return snapshot;
  }

  private readApp(time: number): { cpuPercent: number; rssBytes: number } {
    const cpu = process.cpuUsage();
    const prev = this.lastApp;
    this.lastApp = { at: time, cpu };
    const seconds = prev ? (time - prev.at) / 1000 : 0;
    const used = prev ? (cpu.user - prev.cpu.user + cpu.system - prev.cpu.system) / 1e6 : 0;
    return {
      cpuPercent: seconds > 0 ? Math.round((used / seconds) * 1000) / 10 : 0,
      rssBytes: process.memoryUsage.rss(),
    };
  }

  private rateChanged(): void {
    if (!this.running) return;
    // Sooner when a view just opened; a slower rate takes effect after the next tick.
    const due = (this.last?.time ?? 0) + this.intervalMs;
    if (due < this.nextDue) this.schedule(Math.max(0, due - this.now()));
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.nextDue = this.now() + delayMs;
    this.timer = setTimeout(() => {
      void this.tick()
        .catch(() => undefined)
        .finally(() => {
          if (this.running) this.schedule(this.intervalMs);
        });
    }, delayMs);
    this.timer.unref?.();
  }
}

/** This machine's figures, or, for an engine on another machine, that machine's from its probe. */
function withRemoteHost(
  here: HostMetrics,
  remote: ReturnType<NonNullable<MetricsCollectorOptions['remoteHost']>>,
): HostMetrics {
  if (!remote) return here;
  const s = remote.sample;
  const m = s?.memory;
  return {
    cpuPercent: s?.cpuPercent ?? 0,
    memTotalBytes: m?.totalBytes ?? 0,
    memAvailableBytes: m?.availableBytes ?? 0,
    memUsedBytes: m ? m.totalBytes - m.availableBytes : 0,
    swapTotalBytes: m?.swapTotalBytes ?? 0,
    swapUsedBytes: m ? m.swapTotalBytes - m.swapFreeBytes : 0,
    netRxBytesPerSec: 0,
    netTxBytesPerSec: 0,
    ...(here.diskHome ? { diskHome: here.diskHome } : {}),
    probe: {
      engine: remote.engine,
      fresh: remote.reason === undefined,
      ...(s ? { sampledAt: s.time } : {}),
      ...(remote.reason ? { note: remote.reason } : {}),
    },
  };
}
