import type Docker from 'dockerode';
import { ApiError, type GuardMember, type GuardStatus, type Tier } from '../../src-shared/api';
import { formatMemory } from '../../src-shared/format';
import type { EventLog } from '../events';
import { Emitter, type IDisposable } from '../base';
import { LABELS } from '../../src-shared/api/features/stack-model';
import { listProjectContainers, listProjectsContainers, type ProjectContainer, type ProjectScope } from '../engine';
import { EngineEventFollower } from '../supervisor';
import { CgroupLocator, ContainerMemory, readHostMemory, type HostMemory } from '../host';
import type { MaintenanceHolds } from '../maintenance';
import { FAST_MS, SamplingSchedule } from './sampling-schedule';

export interface GuardThresholds {
  warn: number;
  shedOptional: number;
  shedCore: number;
  /** Below threshold minus this, a level counts as cleared (hysteresis). */
  hysteresis: number;
}

export const DEFAULT_THRESHOLDS: GuardThresholds = { warn: 0.8, shedOptional: 0.9, shedCore: 0.95, hysteresis: 0.05 };

export interface GuardOptions {
  docker: Docker;
  /** The managed projects whose containers count (memory is per machine: one guard sees them all), each with its default tier. */
  projects: () => ProjectScope[];
  events: EventLog;
  /** The stack's memory budget; undefined means the host's memory. */
  budgetBytes?: number;
  dryRun?: boolean;
  thresholds?: GuardThresholds;
  readHost?: () => HostMemory | Promise<HostMemory>;
  /** Containers' working sets (default: from their cgroup files where found, else the engine's stats). */
  memory?: ContainerMemory;
  now?: () => number;
  /** Time to let memory settle after a victim has stopped before choosing another. */
  settleMs?: number;
  /** Services held for maintenance (a snapshot is capturing them): never chosen, never started from here. */
  holds?: MaintenanceHolds;
  /**
   * Keep the stack's members from the engine's container events, so a look reads only the cgroup
   * files (no engine round trip); while the event stream is down, each look lists them again.
   */
  followEvents?: boolean;
}

/** The container events that change which of the stack's containers are running. */
const MEMBER_ACTIONS = ['start', 'die', 'pause', 'unpause', 'destroy'];

/**
 * Watches memory against the budget and, like earlyoom, acts before the kernel has to: a warning
 * at 80 %, then one graceful stop of the largest optional service at 90 % (core at 95 %), waiting
 * for memory to settle before choosing again. Critical services are never chosen, nor services held
 * for maintenance. Sampling speeds up as headroom shrinks, after a member starts and while usage
 * climbs toward a threshold, down to 50 ms (see `SamplingSchedule`). It weighs every managed
 * project's containers together, each with its tier from its labels, else from its project's default.
 */
export class MemoryGuard {
  private timer: NodeJS.Timeout | undefined;
  /** When the pending look is due (while a timer is set). */
  private nextDue = 0;
  private looking = false;
  private readonly schedule: SamplingSchedule;
  private running = false;
  private warned = false;
  private acting: Promise<void> | undefined;
  private settleUntil = 0;
  /** Services the guard stopped, by project. */
  private readonly stopped = new Map<string, { project: string; service: string }>();
  private readonly sampled = new Emitter<GuardStatus>();
  private last: GuardStatus | undefined;
  private readonly t: GuardThresholds;
  private readonly now: () => number;
  private readonly memory: ContainerMemory;
  private events: EngineEventFollower | undefined;
  private following = false;
  private members: ProjectContainer[] | undefined;
  private membersKey = '';
  /** Bumped by every member event, so a listing that raced one is not kept. */
  private generation = 0;

  constructor(private readonly o: GuardOptions) {
    this.t = o.thresholds ?? DEFAULT_THRESHOLDS;
    this.now = o.now ?? Date.now;
    this.schedule = new SamplingSchedule([this.t.warn, this.t.shedOptional, this.t.shedCore]);
    this.memory =
      o.memory ?? new ContainerMemory({ docker: o.docker, cgroups: new CgroupLocator({ docker: o.docker }) });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    if (this.o.followEvents) this.followMembers();
    void this.loop();
  }

  /** How each look finds the stack's members: kept from the engine's events, or listed every time. */
  get mechanism(): 'events' | 'listing' {
    return this.following ? 'events' : 'listing';
  }

  private followMembers(): void {
    const forget = () => {
      this.generation++;
      this.members = undefined;
    };
    this.events = new EngineEventFollower({
      docker: this.o.docker,
      // Any compose project's container: which projects are managed is read at each listing.
      labels: [LABELS.project],
      actions: MEMBER_ACTIONS,
      onEvent: (e) => {
        // Another compose project's containers (not managed here) change nothing the guard weighs.
        if (!this.o.projects().some((p) => p.name === e.attributes[LABELS.project])) return;
        forget();
        if (e.action === 'start') this.memberStarted();
        // The engine sends `die` before every listing shows the container stopped: a listing made at
        // once may still count it, so the members are listed again a moment later.
        if (e.action === 'die') setTimeout(forget, 300).unref();
      },
      onConnection: (connected) => {
        this.following = connected;
        forget();
      },
    });
    this.events.start();
  }

  /** A member just started: its memory tends to jump in the next seconds, so look soon and often. */
  private memberStarted(): void {
    this.schedule.memberStarted(this.now());
    if (!this.running || this.looking || this.nextDue - Date.now() <= FAST_MS) return;
    this.after(FAST_MS);
  }

  private async runningMembers(): Promise<ProjectContainer[]> {
    const scopes = this.o.projects();
    // A project added, removed or given another default tier is listed again.
    const key = JSON.stringify(scopes);
    if (this.following && this.members && this.membersKey === key) return this.members;
    const generation = this.generation;
    const list = await listProjectsContainers(this.o.docker, scopes, { running: true });
    if (this.following && generation === this.generation) {
      this.members = list;
      this.membersKey = key;
    }
    return list;
  }

  dispose(): void {
    this.running = false;
    this.events?.dispose();
    this.events = undefined;
    this.following = false;
    if (this.timer) clearTimeout(this.timer);
    this.sampled.dispose();
  }

  configure(settings: { budgetBytes?: number | null; dryRun?: boolean }): void {
    if (settings.budgetBytes !== undefined) {
      this.o.budgetBytes = settings.budgetBytes ?? undefined;
      this.schedule.reset();
    }
    if (settings.dryRun !== undefined) this.o.dryRun = settings.dryRun;
  }

  status(): GuardStatus | undefined {
    return this.last;
  }

  /** The budget (undefined: the host's memory), thresholds and dry-run setting the guard judges by. */
  settings(): { budgetBytes: number | undefined; thresholds: GuardThresholds; dryRun: boolean } {
    return { budgetBytes: this.o.budgetBytes, thresholds: this.t, dryRun: Boolean(this.o.dryRun) };
  }

  /** Records an action the user took although its plan said it would not fit, with that plan's figures. */
  recordAnyway(
    project: string,
    service: string,
    message: string,
    data: Record<string, number | string | boolean>,
  ): void {
    this.o.events.record({
      kind: 'guard-anyway',
      project,
      service,
      severity: 'warning',
      message,
      data,
    });
  }

  /** Each status as it is sampled, starting with the latest one. */
  subscribe(listener: (s: GuardStatus) => void): IDisposable {
    const subscription = this.sampled.event(listener);
    if (this.last) listener(this.last);
    return subscription;
  }

  /** Services the guard stopped, which the user may start again once memory allows. */
  stoppedServices(): { project: string; service: string }[] {
    return [...this.stopped.values()];
  }

  async startAgain(project: string, service: string): Promise<void> {
    const hold = this.o.holds?.heldAt(project, service);
    if (hold)
      throw new ApiError(
        'CONFLICT',
        `${service} is held for maintenance (${hold.reason})`,
        'It starts again by itself when that is done.',
      );
    const [container] = await listProjectContainers(this.o.docker, project, { service });
    if (!container) throw new Error(`no container for ${service} in project ${project}`);
    await this.o.docker.getContainer(container.id).start();
    this.stopped.delete(`${project}/${service}`);
  }

  /** One look at memory, and an action when a threshold is crossed. Exposed for tests and benchmarks. */
  async tick(): Promise<GuardStatus> {
    const status = await this.sample();
    this.last = status;
    this.sampled.fire(status);
    this.decide(status);
    return status;
  }

  private async loop(): Promise<void> {
    if (!this.running) return;
    this.timer = undefined;
    this.looking = true;
    let delay: number;
    try {
      delay = this.schedule.next((await this.tick()).usage, this.now());
    } catch {
      this.schedule.reset();
      delay = this.schedule.isFast(this.now()) ? FAST_MS : 1000;
    } finally {
      this.looking = false;
    }
    if (this.running) this.after(delay);
  }

  private after(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.nextDue = Date.now() + delayMs;
    this.timer = setTimeout(() => void this.loop(), delayMs);
    this.timer.unref?.();
  }

  private async sample(): Promise<GuardStatus> {
    const [host, list] = await Promise.all([
      this.o.readHost ? this.o.readHost() : readHostMemory({ pressure: true }),
      this.runningMembers(),
    ]);
    this.memory.retain(list.map((c) => c.id));
    const members: GuardMember[] = [];
    for (const c of list) {
      const bytes = await this.memory.workingSet(c.id);
      members.push({ id: c.id, project: c.project, service: c.service, tier: c.tier, bytes: bytes ?? 0 });
    }
    const stackBytes = members.reduce((a, m) => a + m.bytes, 0);
    const budgetBytes = this.o.budgetBytes ?? host.totalBytes;
    const usedBytes = this.o.budgetBytes ? stackBytes : host.totalBytes - host.availableBytes;
    const usage = budgetBytes > 0 ? usedBytes / budgetBytes : 0;
    const level =
      usage >= this.t.shedCore
        ? 'shed-core'
        : usage >= this.t.shedOptional
          ? 'shed-optional'
          : usage >= this.t.warn
            ? 'warn'
            : 'ok';
    return {
      budgetBytes,
      budgetSource: this.o.budgetBytes ? 'setting' : 'host',
      usedBytes,
      usage,
      level,
      stackBytes,
      members,
      stoppedByGuard: this.stoppedServices(),
      dryRun: Boolean(this.o.dryRun),
      sampledAt: this.now(),
    };
  }

  private decide(s: GuardStatus): void {
    const pct = `${Math.round(s.usage * 100)} % of ${formatMemory(s.budgetBytes)} ${s.budgetSource === 'setting' ? 'budget' : 'host memory'}`;
    if (s.usage >= this.t.warn && !this.warned) {
      this.warned = true;
      this.o.events.record({
        kind: 'guard-warn',
        // Memory is the machine's: a warning is about every project at once.
        project: '',
        service: '',
        severity: 'warning',
        message: `memory at ${pct}`,
        data: { usage: round(s.usage), usedBytes: s.usedBytes, budgetBytes: s.budgetBytes },
      });
    } else if (s.usage < this.t.warn - this.t.hysteresis && this.warned) {
      this.warned = false;
      this.o.events.record({
        kind: 'guard-clear',
        project: '',
        service: '',
        severity: 'info',
        message: `memory back to ${pct}`,
      });
    }
    if (s.usage < this.t.shedOptional || this.acting || this.now() < this.settleUntil) return;
    const allowed: Tier[] = s.usage >= this.t.shedCore ? ['optional', 'core'] : ['optional'];
    const holds = this.o.holds;
    const candidates = holds ? s.members.filter((m) => !holds.heldAt(m.project, m.service)) : s.members;
    const victim = pickVictim(candidates, allowed);
    if (!victim) return;
    // Named with its project when the guard weighs several.
    const several = new Set(s.members.map((m) => m.project)).size > 1;
    const message = `stopped ${victim.service}${several ? ` of ${victim.project}` : ''} (${victim.tier}, ${formatMemory(victim.bytes)}): ${s.budgetSource === 'setting' ? 'stack' : 'host'} memory ${pct}`;
    const data = {
      usage: round(s.usage),
      victimBytes: victim.bytes,
      budgetBytes: s.budgetBytes,
      decidedAt: this.now(),
      sampledAt: s.sampledAt,
    };
    if (this.o.dryRun) {
      this.o.events.record({
        kind: 'guard-dry-run',
        project: victim.project,
        service: victim.service,
        severity: 'warning',
        message: `would have ${message}`,
        data,
      });
      this.settleUntil = this.now() + (this.o.settleMs ?? 2000);
      return;
    }
    this.o.events.record({
      kind: 'guard-stop',
      project: victim.project,
      service: victim.service,
      severity: 'critical',
      message,
      data,
    });
    this.stopped.set(`${victim.project}/${victim.service}`, { project: victim.project, service: victim.service });
    this.acting = stopGracefully(this.o.docker, victim.id)
      .catch(() => undefined)
      .finally(() => {
        this.acting = undefined;
        this.settleUntil = this.now() + (this.o.settleMs ?? 2000);
      });
  }
}

/** Stops a container with its own grace period (compose's stop_grace_period). */
async function stopGracefully(docker: Docker, id: string): Promise<void> {
  const container = docker.getContainer(id);
  const info = await container.inspect();
  await container.stop({ t: (info.Config as { StopTimeout?: number }).StopTimeout ?? 10 });
}

/** The largest running member of the allowed tiers, optional before core. */
export function pickVictim(members: GuardMember[], allowed: Tier[]): GuardMember | undefined {
  for (const tier of ['optional', 'core'] as const) {
    if (!allowed.includes(tier)) continue;
    const candidates = members.filter((m) => m.tier === tier).sort((a, b) => b.bytes - a.bytes);
    if (candidates[0]) return candidates[0];
  }
  return undefined;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
