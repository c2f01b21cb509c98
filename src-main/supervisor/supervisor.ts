import type Docker from 'dockerode';
import type { ServiceSupervision } from '../../src-shared/api';
import { formatMemory } from '../../src-shared/format';
import type { EventLog } from '../events';
import { LABELS } from '../../src-shared/api/features/stack-model';
import { listProjectContainers, serviceLabels } from '../engine';
import type { ContainerMemory } from '../host';
import { EngineEventFollower, type ContainerEvent } from './engine-events';
import { EngineShutdownTracker } from './engine-shutdown';
import { DEFAULT_RESTART_POLICY, RestartRecord, restartDelay, type RestartPolicy } from './restart-policy';

export interface SupervisorOptions {
  docker: Docker;
  project: string;
  events: EventLog;
  policy?: Partial<RestartPolicy>;
  now?: () => number;
  random?: () => number;
  /** Reads a container's peak memory for the OOM report (none without it). */
  memory?: ContainerMemory;
  /** How long a service taken for stopped by the engine waits for the engine to go away before it is started anyway. */
  engineStayedMs?: number;
}

/** An external stop (docker stop/kill, the app's Stop, the guard) shows a kill event before the die. */
const STOP_WINDOW_MS = 120_000;

/** A service taken for stopped by the engine is started anyway if the engine has not gone away by then. */
const ENGINE_STAYED_MS = 30_000;

/**
 * Keeps the project's services alive. It follows the engine's events; a crash (non-zero exit or
 * OOM kill) or an unhealthy verdict is answered with a restart after an exponential, jittered
 * delay; a service that keeps failing is parked as crash-looping until the user retries. A stop
 * someone asked for is never undone. A service the engine's own shutdown stopped is neither: it is
 * started again when the engine is back, without counting against the crash-loop limit. Services
 * with a Docker restart policy are left to Docker.
 */
export class Supervisor {
  private readonly policy: RestartPolicy;
  private readonly records = new Map<string, RestartRecord>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly nextAt = new Map<string, number>();
  private readonly killedAt = new Map<string, number>();
  private readonly peaks = new Map<string, number>();
  private readonly follower: EngineEventFollower;
  private readonly shutdowns: EngineShutdownTracker;
  private readonly now: () => number;
  private everConnected = false;

  constructor(private readonly o: SupervisorOptions) {
    this.policy = { ...DEFAULT_RESTART_POLICY, ...o.policy };
    this.now = o.now ?? Date.now;
    this.follower = new EngineEventFollower({
      docker: o.docker,
      labels: [`${LABELS.project}=${o.project}`],
      onEvent: (e) => void this.onEvent(e).catch(() => undefined),
      onConnection: (connected, error) => {
        if (connected && !this.everConnected) {
          // First connection: learn what runs now; nothing was lost yet.
          this.everConnected = true;
          void this.snapshotRunning().catch(() => undefined);
          return;
        }
        if (!connected) this.shutdowns.streamLost();
        this.o.events.record({
          kind: connected ? 'engine-back' : 'engine-lost',
          project: o.project,
          service: '',
          severity: connected ? 'info' : 'critical',
          message: connected
            ? 'Docker engine is back; supervision resumed'
            : `Lost the Docker engine (${error ?? 'no answer'}); reconnecting`,
        });
        if (connected) void this.reconcile().catch(() => undefined);
      },
    });
    this.shutdowns = new EngineShutdownTracker(o.docker, () => this.follower.isConnected, this.now);
  }

  start(): void {
    this.follower.start();
  }

  dispose(): void {
    this.follower.dispose();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  get engineConnected(): boolean {
    return this.follower.isConnected;
  }

  status(): ServiceSupervision[] {
    return [...this.records].map(([service, r]) => ({
      project: this.o.project,
      service,
      restarts: r.restarts.length,
      parked: r.parked,
      ...(this.nextAt.has(service) ? { nextRestartAt: this.nextAt.get(service)! } : {}),
    }));
  }

  /** The Retry button: clears a crash loop and starts the service now. */
  async retry(service: string): Promise<void> {
    const r = this.record(service);
    r.parked = false;
    r.restarts = [];
    const [c] = await listProjectContainers(this.o.docker, this.o.project, { service });
    if (c) {
      r.lastStartAt = this.now();
      await this.o.docker
        .getContainer(c.id)
        .start()
        .catch((err: { statusCode?: number }) => {
          if (err.statusCode !== 304) throw err;
        });
    }
  }

  private record(service: string): RestartRecord {
    let r = this.records.get(service);
    if (!r) this.records.set(service, (r = new RestartRecord()));
    return r;
  }

  private async onEvent(e: ContainerEvent): Promise<void> {
    const service = serviceLabels(e.attributes)?.service;
    if (!service) return;
    if (e.action === 'kill') {
      this.killedAt.set(e.id, e.time);
      return;
    }
    if (e.action === 'oom') {
      const peak = await this.o.memory?.peak(e.id);
      if (peak !== undefined) this.peaks.set(e.id, peak);
      return;
    }
    if (e.action === 'start') {
      this.record(service).lastStartAt = this.now();
      return;
    }
    if (e.action.startsWith('health_status') && e.action.includes('unhealthy')) {
      this.o.events.record({
        kind: 'unhealthy',
        project: this.o.project,
        service,
        severity: 'warning',
        message: `${service} failed its healthcheck`,
      });
      await this.failed(service, e.id, 'unhealthy');
      return;
    }
    if (e.action !== 'die') return;
    const exitCode = Number(e.attributes.exitCode ?? '0');
    const killed = this.killedAt.get(e.id);
    this.killedAt.delete(e.id);
    this.shutdowns.sawDie(e.id, e.time);
    if (await this.shutdowns.engineStopping()) {
      this.downWithEngine(service, e.id, exitCode);
      setTimeout(
        () => void this.startIfEngineStayed().catch(() => undefined),
        this.o.engineStayedMs ?? ENGINE_STAYED_MS,
      ).unref?.();
      return;
    }
    const info = await this.o.docker
      .getContainer(e.id)
      .inspect()
      .catch(() => undefined);
    if (!info) return;
    if (info.State.OOMKilled) {
      const limit = info.HostConfig.Memory ?? 0;
      const peak = this.peaks.get(e.id) ?? (await this.o.memory?.peak(e.id));
      this.peaks.delete(e.id);
      this.o.events.record({
        kind: 'oom-kill',
        project: this.o.project,
        service,
        severity: 'critical',
        message: `${service} was killed for using too much memory: limit ${formatMemory(limit)}${peak ? `, peak ${formatMemory(peak)}` : ''}. Raise its memory limit if this repeats.`,
        data: { limitBytes: limit, ...(peak ? { peakBytes: peak } : {}), exitCode },
      });
      await this.failed(service, e.id, 'oom');
      return;
    }
    if (killed !== undefined && e.time - killed < STOP_WINDOW_MS) {
      this.cancel(service);
      this.o.events.record({
        kind: 'stopped',
        project: this.o.project,
        service,
        severity: 'info',
        message: `${service} was stopped (exit code ${exitCode})`,
      });
      return;
    }
    if (exitCode === 0) {
      this.o.events.record({
        kind: 'stopped',
        project: this.o.project,
        service,
        severity: 'info',
        message: `${service} exited normally`,
      });
      return;
    }
    this.o.events.record({
      kind: 'crashed',
      project: this.o.project,
      service,
      severity: 'warning',
      message: `${service} exited with code ${exitCode}`,
      data: { exitCode },
    });
    await this.failed(service, e.id, 'crash');
  }

  private async failed(service: string, containerId: string, why: 'crash' | 'oom' | 'unhealthy'): Promise<void> {
    const info = await this.o.docker
      .getContainer(containerId)
      .inspect()
      .catch(() => undefined);
    const policy = info?.HostConfig.RestartPolicy?.Name ?? '';
    if (policy && policy !== 'no') return; // Docker restarts it itself.
    const r = this.record(service);
    if (r.parked || this.timers.has(service)) return;
    const now = this.now();
    r.prune(this.policy, now);
    if (r.restarts.length >= this.policy.maxRestarts) {
      r.parked = true;
      this.o.events.record({
        kind: 'crash-loop',
        project: this.o.project,
        service,
        severity: 'critical',
        message: `${service} keeps failing (${r.restarts.length} restarts in ${Math.round(this.policy.windowMs / 60_000)} min); restarts stopped until you retry`,
        data: { restarts: r.restarts.length },
      });
      return;
    }
    const delay = restartDelay(this.policy, r.restarts.length, this.o.random);
    this.nextAt.set(service, now + delay);
    this.o.events.record({
      kind: 'restart-scheduled',
      project: this.o.project,
      service,
      severity: 'info',
      message: `restarting ${service} in ${(delay / 1000).toFixed(1)} s (${why}, restart ${r.restarts.length + 1} of ${this.policy.maxRestarts})`,
      data: { delayMs: delay, attempt: r.restarts.length + 1, reason: why },
    });
    const timer = setTimeout(() => {
      this.timers.delete(service);
      this.nextAt.delete(service);
      r.restarts.push(this.now());
      const container = this.o.docker.getContainer(containerId);
      const action = why === 'unhealthy' ? container.restart({ t: 10 }) : container.start();
      void action
        .then(() =>
          this.o.events.record({
            kind: 'restarted',
            project: this.o.project,
            service,
            severity: 'info',
            message: `restarted ${service}`,
          }),
        )
        .catch((err: Error) =>
          this.o.events.record({
            kind: 'crashed',
            project: this.o.project,
            service,
            severity: 'warning',
            message: `could not restart ${service}: ${err.message}`,
          }),
        );
    }, delay);
    timer.unref?.();
    this.timers.set(service, timer);
  }

  private downWithEngine(service: string, containerId: string, exitCode?: number): void {
    this.cancel(service);
    this.shutdowns.markVictim(service, containerId);
    this.o.events.record({
      kind: 'stopped-by-engine',
      project: this.o.project,
      service,
      severity: 'warning',
      message: `${service} went down with the Docker engine${exitCode === undefined ? '' : ` (exit code ${exitCode})`}; it starts again when the engine is back`,
      ...(exitCode === undefined ? {} : { data: { exitCode } }),
    });
  }

  /** Starts a service the engine's shutdown stopped; not a crash, so not counted towards a crash loop. */
  private async startAfterEngine(
    service: string,
    containerId: string,
    policy: string,
    engineLeft = true,
  ): Promise<void> {
    if (policy && policy !== 'no') return; // Docker restarts it itself.
    const r = this.record(service);
    if (r.parked) return;
    try {
      await this.o.docker.getContainer(containerId).start();
      const message = engineLeft
        ? `started ${service} again now that the engine is back`
        : `started ${service} again: the engine answers again and never went away`;
      this.o.events.record({
        kind: 'restarted',
        project: this.o.project,
        service,
        severity: 'info',
        message,
        data: { afterEngine: true },
      });
    } catch (err) {
      this.o.events.record({
        kind: 'crashed',
        project: this.o.project,
        service,
        severity: 'warning',
        message: `could not start ${service} again after the engine came back: ${(err as Error).message}`,
      });
    }
  }

  /** The engine looked as if it was going away but its stream never ended: start what was taken for its victims. */
  private async startIfEngineStayed(): Promise<void> {
    if (!this.follower.isConnected || this.shutdowns.streamWasLost) return;
    const marked = this.shutdowns.marked();
    if (!marked.length) return;
    this.shutdowns.settled();
    for (const [service, id] of marked) {
      const info = await this.o.docker
        .getContainer(id)
        .inspect()
        .catch(() => undefined);
      if (info && !info.State.Running)
        await this.startAfterEngine(service, id, info.HostConfig.RestartPolicy?.Name ?? '', false);
    }
  }

  private cancel(service: string): void {
    const t = this.timers.get(service);
    if (t) clearTimeout(t);
    this.timers.delete(service);
    this.nextAt.delete(service);
  }

  /** The services running when supervision starts: only these are brought back after an engine loss. */
  private async snapshotRunning(): Promise<void> {
    for (const c of await listProjectContainers(this.o.docker, this.o.project, { running: true })) {
      if (!this.record(c.service).lastStartAt) this.record(c.service).lastStartAt = c.created * 1000;
    }
  }

  /**
   * After a reconnect: services that were running under supervision and went down while the stream
   * was down are handled now: those the engine's shutdown stopped are started again, crashes are
   * answered as crashes. Containers the app never saw running (stopped by someone while the app was
   * away) are left as they are.
   */
  private async reconcile(): Promise<void> {
    try {
      for (const { id, service, state } of await listProjectContainers(this.o.docker, this.o.project)) {
        if (state !== 'exited') continue;
        const info = await this.o.docker.getContainer(id).inspect();
        const finished = Date.parse(info.State.FinishedAt);
        const r = this.records.get(service);
        if (!r?.lastStartAt || r.parked || this.timers.has(service)) continue;
        const how = this.shutdowns.howItWentDown(service, id, info.State);
        if (how === 'engine') {
          if (!this.shutdowns.isMarked(service, id)) this.downWithEngine(service, id, info.State.ExitCode);
          await this.startAfterEngine(service, id, info.HostConfig.RestartPolicy?.Name ?? '');
        } else if (how === 'unknown' && info.State.ExitCode !== 0 && finished > r.lastStartAt) {
          await this.failed(service, id, info.State.OOMKilled ? 'oom' : 'crash');
        }
      }
    } finally {
      this.shutdowns.settled();
    }
  }
}
