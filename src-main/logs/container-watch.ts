import type Docker from 'dockerode';
import { LABELS } from '../../src-shared/api/features/stack-model';
import { listProjectContainers, serviceLabels } from '../engine';
import { EngineEventFollower, type ContainerEvent } from '../supervisor';

/** One run of a service's container: a restart keeps the id and changes `startedAt`, a recreate changes the id. */
export interface ContainerRun {
  service: string;
  containerId: string;
  startedAt: string;
  tty: boolean;
  /** When the container had stopped: the stamp of its log's last line. */
  lastLineStamp?: string;
}

/** What became of a container once its followed log ended. */
export type ContainerEnd =
  | { kind: 'stopped'; exitCode?: number; oomKilled?: boolean }
  | { kind: 'removed' }
  /** It stopped and already runs again (a quick restart); its exit code if the engine said it. */
  | { kind: 'restarted'; exitCode?: number }
  /** The log ended while the same run goes on (the engine restarted with live restore, say). */
  | { kind: 'running' };

export interface ContainerWatchOptions {
  docker: Docker;
  project: string;
  /** How long a container whose log ended may still look running before it counts as running on. */
  settleMs?: number;
  retry?: { baseMs: number; capMs: number };
}

interface Waiter {
  service: string;
  previous: ContainerRun;
  resolve: (run: ContainerRun) => void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Watches a project's containers for a follow: one engine event stream (the supervisor's
 * reconnecting follower, filtered by the compose project label) tells when a service's container
 * starts, so a follow can wait for a stopped, restarted or recreated service without polling.
 */
export class ContainerWatch {
  private readonly events: EngineEventFollower;
  private readonly waiters = new Set<Waiter>();
  /** Each container's last `die` (exit code, ms), for a restart quicker than the inspect. */
  private readonly deaths = new Map<string, { exitCode: number; time: number }>();
  private readonly checking = new Map<string, { again: boolean }>();
  private stopped = false;

  constructor(private readonly o: ContainerWatchOptions) {
    this.events = new EngineEventFollower({
      docker: o.docker,
      labels: [`${LABELS.project}=${o.project}`],
      onEvent: (e) => this.onEvent(e),
      onConnection: (connected) => {
        // Back after a loss: what happened meanwhile is replayed, but a check costs little.
        if (connected) for (const service of new Set([...this.waiters].map((w) => w.service))) void this.check(service);
      },
      ...(o.retry ? { retry: o.retry } : {}),
    });
  }

  start(): void {
    this.events.start();
  }

  dispose(): void {
    this.stopped = true;
    this.events.dispose();
    this.waiters.clear();
  }

  /** Why `run`'s log ended. A container whose process exited can look running for a moment, so that settles first. */
  async ended(run: ContainerRun): Promise<ContainerEnd> {
    const deadline = Date.now() + (this.o.settleMs ?? 2000);
    for (;;) {
      let info: Docker.ContainerInspectInfo;
      try {
        info = await this.o.docker.getContainer(run.containerId).inspect();
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode === 404) return { kind: 'removed' };
        throw err;
      }
      const s = info.State;
      if (!s.Running || s.Restarting)
        return { kind: 'stopped', exitCode: s.ExitCode, ...(s.OOMKilled ? { oomKilled: true } : {}) };
      if (s.StartedAt !== run.startedAt) {
        // Restarted already: only the engine's `die` event still knows the exit code; it may trail the log's end.
        const diedAfterStart = (): boolean =>
          (this.deaths.get(run.containerId)?.time ?? 0) >= Date.parse(run.startedAt);
        for (let i = 0; i < 10 && !diedAfterStart() && !this.stopped; i++) await sleep(100);
        const exitCode = diedAfterStart() ? this.deaths.get(run.containerId)!.exitCode : undefined;
        return exitCode === undefined ? { kind: 'restarted' } : { kind: 'restarted', exitCode };
      }
      if (Date.now() >= deadline || this.stopped) return { kind: 'running' };
      await sleep(100);
    }
  }

  /**
   * Resolves with the service's next run: a running container that is not `previous` (another id,
   * or the same one started again). Never resolves once the watch is stopped.
   */
  nextRun(previous: ContainerRun): Promise<ContainerRun> {
    return new Promise((resolve) => {
      if (this.stopped) return;
      this.waiters.add({ service: previous.service, previous, resolve });
      void this.check(previous.service);
    });
  }

  private onEvent(e: ContainerEvent): void {
    if (e.action === 'die' && e.attributes.exitCode !== undefined) {
      this.deaths.set(e.id, { exitCode: Number(e.attributes.exitCode), time: e.time });
      if (this.deaths.size > 64) this.deaths.delete(this.deaths.keys().next().value!);
    }
    const service = serviceLabels(e.attributes)?.service;
    if (e.action === 'start' && service && [...this.waiters].some((w) => w.service === service))
      void this.check(service);
  }

  /** Looks for the service's running container and hands it to the waiters it is new to; one look per service at a time. */
  private async check(service: string): Promise<void> {
    const busy = this.checking.get(service);
    if (busy) {
      busy.again = true;
      return;
    }
    const state = { again: true };
    this.checking.set(service, state);
    try {
      while (state.again && !this.stopped) {
        state.again = false;
        const run = await this.runningContainer(service).catch(() => undefined);
        if (!run) continue;
        for (const w of [...this.waiters]) {
          if (
            w.service !== service ||
            (w.previous.containerId === run.containerId && w.previous.startedAt === run.startedAt)
          )
            continue;
          this.waiters.delete(w);
          w.resolve(run);
        }
      }
    } finally {
      this.checking.delete(service);
    }
  }

  private async runningContainer(service: string): Promise<ContainerRun | undefined> {
    const list = await listProjectContainers(this.o.docker, this.o.project, { service, running: true });
    const newest = list.sort((a, b) => b.created - a.created)[0];
    if (!newest) return undefined;
    const info = await this.o.docker.getContainer(newest.id).inspect();
    if (!info.State.Running || info.State.Restarting) return undefined;
    return { service, containerId: info.Id, startedAt: info.State.StartedAt, tty: Boolean(info.Config?.Tty) };
  }
}
