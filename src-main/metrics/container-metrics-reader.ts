import type Docker from 'dockerode';
import type { ContainerMetrics } from '../../src-shared/api/features/metrics';
import { LABELS } from '../../src-shared/api/features/stack-model';
import { serviceLabels } from '../engine';
import { CgroupLocator, locateContainerCgroup, type CgroupHost, type CgroupLocation } from '../host';
import { EngineEventFollower, type ContainerEvent } from '../supervisor';
import { readContainerCounters, type ContainerCounters } from './container-cgroup';
import { OpenFiles } from './open-files';
import { readStatsApi } from './stats-api-reader';

interface Known {
  id: string;
  name: string;
  project: string;
  service: string;
  location?: CgroupLocation | undefined;
  files: OpenFiles;
}

export interface ContainerReaderOptions {
  docker: Docker;
  /** Read the cgroup files (the engine runs on this machine); otherwise the one-shot stats API. */
  local: boolean;
  /** How often the container list is asked for again (default 10 s; 5 minutes while following events). */
  listEveryMs?: number;
  /**
   * Follow the engine's container events: the list is asked for again only when a container
   * starts, stops, pauses or is renamed (and every few minutes as a safety net), instead of every
   * `listEveryMs`. Falls back to the interval while the event stream is down.
   */
  followEvents?: boolean;
  statsConcurrency?: number;
  /** The shared locator of containers' cgroup files (default: one of its own). */
  cgroups?: CgroupLocator;
}

/** The container events that change which containers are running, or what they are called. */
const LIST_ACTIONS = ['start', 'die', 'pause', 'unpause', 'rename', 'destroy'];
const SAFETY_LIST_MS = 300_000;
/** Past this many events between two reads, one listing costs less than one inspect per started container. */
const MAX_PENDING_EVENTS = 32;

/**
 * Per-container figures for every running container. The list is kept from the engine's events:
 * a container that stops, pauses or is removed is dropped, one that starts is inspected (for its
 * name, labels, main process and cgroup parent), with no listing of the others; the whole list is
 * asked for only every few minutes, after a burst of events, or every `listEveryMs` without them.
 * With a local engine the counters are read from the cgroup files, so watching costs the engine
 * nothing; otherwise from the stats API, one short request per container with bounded concurrency.
 */
export class ContainerMetricsReader {
  private known = new Map<string, Known>();
  private listedAt = -Infinity;
  private previous = new Map<string, { at: number; c: ContainerCounters }>();
  private cgroupHost: CgroupHost | undefined;
  private readonly cgroups: CgroupLocator | undefined;
  private readonly listEveryMs: number;
  private events: EngineEventFollower | undefined;
  /** Events since the last read, applied in order at the next one. */
  private pending: ContainerEvent[] = [];
  private following = false;
  private disposed = false;
  engineRoot: string | undefined;

  constructor(private readonly o: ContainerReaderOptions) {
    this.listEveryMs = o.listEveryMs ?? 10_000;
    this.cgroups = o.local ? (o.cgroups ?? new CgroupLocator({ docker: o.docker })) : undefined;
  }

  /** How the container list is kept: from the engine's events, or asked for on an interval. */
  get listSource(): 'events' | 'interval' {
    return this.following ? 'events' : 'interval';
  }

  private followEvents(): void {
    if (!this.o.followEvents || this.events || this.disposed) return;
    this.events = new EngineEventFollower({
      docker: this.o.docker,
      labels: [],
      actions: LIST_ACTIONS,
      onEvent: (e) => {
        if (this.pending.push(e) > MAX_PENDING_EVENTS) this.invalidate();
      },
      onConnection: (connected) => {
        this.following = connected;
        // Whatever happened while the stream was down is seen by listing again.
        this.invalidate();
      },
    });
    this.events.start();
  }

  /** Forgets the container list so the next read asks the engine again (e.g. after a start). */
  invalidate(): void {
    this.listedAt = -Infinity;
    this.pending = [];
  }

  async read(
    now: number,
    hostMemBytes: number,
  ): Promise<{ source: 'cgroup' | 'stats-api' | 'none'; containers: ContainerMetrics[] }> {
    this.followEvents();
    const every = this.following ? Math.max(this.listEveryMs, SAFETY_LIST_MS) : this.listEveryMs;
    if (now - this.listedAt >= every) await this.refreshList(now);
    else if (this.pending.length) await this.applyEvents();
    const ids = [...this.known.keys()];
    if (ids.length === 0) return { source: this.o.local ? 'cgroup' : 'stats-api', containers: [] };
    const viaCgroup = this.o.local && this.cgroupHost ? ids.filter((id) => this.known.get(id)!.location) : [];
    const counters = this.readCgroups(viaCgroup);
    // Containers whose cgroup files cannot be found from here are asked of the engine instead.
    const viaApi = ids.filter((id) => !viaCgroup.includes(id));
    if (viaApi.length)
      for (const [id, c] of await readStatsApi(this.o.docker, viaApi, this.o.statsConcurrency ?? 4))
        counters.set(id, c);
    const containers: ContainerMetrics[] = [];
    const next = new Map<string, { at: number; c: ContainerCounters }>();
    for (const [id, c] of counters) {
      const k = this.known.get(id)!;
      const prev = this.previous.get(id);
      const seconds = prev ? (now - prev.at) / 1000 : 0;
      const rate = (a: number, b: number | undefined) =>
        b !== undefined && seconds > 0 ? Math.max(0, (a - b) / seconds) : 0;
      containers.push({
        id,
        name: k.name,
        project: k.project,
        service: k.service,
        cpuPercent:
          prev && seconds > 0 ? Math.round((Math.max(0, c.cpuNs - prev.c.cpuNs) / 1e9 / seconds) * 10000) / 100 : 0,
        memBytes: c.memBytes,
        memLimitBytes: c.memLimitBytes !== undefined ? Math.min(c.memLimitBytes, hostMemBytes) : hostMemBytes,
        netRxBytesPerSec: rate(c.netRx, prev?.c.netRx),
        netTxBytesPerSec: rate(c.netTx, prev?.c.netTx),
        blockReadBytesPerSec: rate(c.blockRead, prev?.c.blockRead),
        blockWriteBytesPerSec: rate(c.blockWrite, prev?.c.blockWrite),
        netRxBytes: c.netRx,
        netTxBytes: c.netTx,
        blockReadBytes: c.blockRead,
        blockWriteBytes: c.blockWrite,
        cpuSecondsTotal: c.cpuNs / 1e9,
      });
      next.set(id, { at: now, c });
    }
    this.previous = next;
    return { source: viaCgroup.length >= viaApi.length ? 'cgroup' : 'stats-api', containers };
  }

  private readCgroups(ids: string[]): Map<string, ContainerCounters> {
    const out = new Map<string, ContainerCounters>();
    for (const id of ids) {
      const k = this.known.get(id)!;
      if (!k.location) continue;
      try {
        out.set(id, readContainerCounters(this.cgroupHost!, k.location, k.files));
      } catch {
        // Gone since the listing (or restarted with a new process): look again at the next listing.
        k.files.dispose();
        this.known.delete(id);
        this.listedAt = -Infinity;
      }
    }
    return out;
  }

  private async refreshList(now: number): Promise<void> {
    this.listedAt = now;
    // The listing is newer than any event so far; later ones are applied on top of it.
    this.pending = [];
    const list = await this.o.docker.listContainers({ filters: JSON.stringify({ status: ['running'] }) });
    await this.learnCgroupHost();
    const seen = new Map<string, Known>();
    for (const c of list) {
      const k = this.known.get(c.Id) ?? knownOf(c.Id, c.Names?.[0], c.Labels);
      if (this.cgroups && !k.location) k.location = await this.cgroups.locate(c.Id);
      seen.set(c.Id, k);
    }
    for (const [id, k] of this.known) if (!seen.has(id)) k.files.dispose();
    this.known = seen;
  }

  private async learnCgroupHost(): Promise<void> {
    if (!this.cgroups || this.cgroupHost) return;
    const [host, info] = await Promise.all([
      this.cgroups.host(),
      this.o.docker.info() as Promise<{ DockerRootDir?: string }>,
    ]);
    this.cgroupHost = host;
    this.engineRoot = info.DockerRootDir;
  }

  /** Brings the list up to date from the events since the last read, asking the engine only about started containers. */
  private async applyEvents(): Promise<void> {
    const events = this.pending;
    this.pending = [];
    try {
      for (const e of events) {
        const k = this.known.get(e.id);
        if (e.action === 'rename') {
          if (k && e.attributes.name) k.name = e.attributes.name;
        } else if (e.action === 'start' || e.action === 'unpause') {
          if (!k) await this.admit(e.id);
        } else if (k) {
          k.files.dispose();
          this.known.delete(e.id);
        }
      }
    } catch (err) {
      // The engine did not answer: what these events said is learnt by listing again.
      this.invalidate();
      throw err;
    }
  }

  /** Adds a container that has started, once the engine says it is still running. */
  private async admit(id: string): Promise<void> {
    let info: Docker.ContainerInspectInfo;
    try {
      info = await this.o.docker.getContainer(id).inspect();
    } catch {
      return; // removed since
    }
    if (!info.State.Running || info.State.Paused || this.known.has(id)) return;
    const k = knownOf(id, info.Name, info.Config.Labels);
    await this.learnCgroupHost();
    if (this.cgroupHost)
      k.location = locateContainerCgroup(this.cgroupHost, id, info.State.Pid, info.HostConfig.CgroupParent ?? '');
    this.known.set(id, k);
  }

  /** Closes every file kept open and stops following the engine's events. */
  dispose(): void {
    this.disposed = true;
    this.events?.dispose();
    this.events = undefined;
    this.following = false;
    for (const k of this.known.values()) k.files.dispose();
    this.known.clear();
    this.listedAt = -Infinity;
  }
}

/** What is kept about a running container, from its name and labels. */
function knownOf(id: string, name: string | undefined, labels: Record<string, string> | undefined): Known {
  return {
    id,
    name: (name ?? id.slice(0, 12)).replace(/^\//, ''),
    project: labels?.[LABELS.project] ?? '',
    // A one-off container (`compose run`) is shown, but not counted as its service.
    service: serviceLabels(labels)?.service ?? '',
    files: new OpenFiles(),
  };
}
