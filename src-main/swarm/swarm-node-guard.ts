import type Docker from 'dockerode';
import { ApiError, type GuardMember, type Tier } from '../../src-shared/api';
import type { SwarmNodeStatus, SwarmShedService } from '../../src-shared/api/features/swarm';
import { formatMemory } from '../../src-shared/format';
import type { IDisposable } from '../base';
import type { EventLog } from '../events';
import { DEFAULT_THRESHOLDS, pickVictim, type GuardThresholds } from '../guard';
import { parseBytes } from '../stack';
import type { ServiceInfo } from './swarm-readiness';
import { composeServiceOf, stackServices } from './swarm-inventory';
import { PROBE_SERVICE, type NodeSample, type SwarmNodeProbe } from './swarm-node-probe';
import { listTasks } from './swarm-tasks';

/** A node label with the memory in use the guard allows on that node (`12GiB`); without it, the node's memory. */
export const NODE_BUDGET_LABEL = 'ai.sutazai.memory-budget';
/** Service labels the guard leaves when it scales a service to zero: its replicas before, the node, when. */
export const SHED_LABELS = {
  replicas: 'ai.sutazai.shed-replicas',
  node: 'ai.sutazai.shed-node',
  at: 'ai.sutazai.shed-at',
} as const;
const TIER_LABEL = 'ai.sutazai.tier';

export interface SwarmNodeGuardOptions {
  docker: Docker;
  stack: string;
  probe: SwarmNodeProbe;
  events: EventLog;
  /** The tier of services whose labels name none. */
  defaultTier: () => Tier;
  dryRun?: () => boolean;
  thresholds?: GuardThresholds;
  /** Time to let a node's memory settle after a service was scaled down there. */
  settleMs?: number;
  now?: () => number;
}

export interface NodeInfo {
  ID: string;
  Version: { Index: number };
  Spec: { Role?: string; Availability?: string; Labels?: Record<string, string> } & Record<string, unknown>;
  Description?: { Hostname?: string; Resources?: { NanoCPUs?: number; MemoryBytes?: number } };
  Status?: { State?: string; Addr?: string };
  ManagerStatus?: { Leader?: boolean; Addr?: string };
}

type FullService = ServiceInfo & {
  Version: { Index: number };
  Spec: ServiceInfo['Spec'] & {
    Labels?: Record<string, string>;
    Mode?: { Replicated?: { Replicas?: number }; Global?: object };
    TaskTemplate?: { Resources?: { Limits?: { MemoryBytes?: number }; Reservations?: { MemoryBytes?: number } } };
  };
};

/**
 * The memory guard of a stack spread over a swarm, one judgement per node: each node's memory in
 * use (from the probe's task on it) against its budget, with the one-engine guard's thresholds. At
 * 90 % the largest optional service with a task on that node is scaled to zero (core at 95 %),
 * one at a time, letting the node's memory settle before choosing again. Critical services are
 * never chosen; nothing is done on a node whose figures are stale. A scaled-down service keeps
 * its replicas in a label and comes back with Start again, or with the next deploy.
 */
export class SwarmNodeGuard implements IDisposable {
  private readonly warned = new Set<string>();
  private readonly settleUntil = new Map<string, number>();
  private acting: Promise<void> | undefined;
  private nodesCache: { at: number; nodes: NodeInfo[] } | undefined;
  private subscription: IDisposable | undefined;
  private readonly t: GuardThresholds;
  private readonly now: () => number;

  constructor(private readonly o: SwarmNodeGuardOptions) {
    this.t = o.thresholds ?? DEFAULT_THRESHOLDS;
    this.now = o.now ?? Date.now;
  }

  get dryRun(): boolean {
    return this.o.dryRun?.() ?? false;
  }

  /** Judges each node as its sample arrives. */
  start(): void {
    this.subscription ??= this.o.probe.onSample((s) => void this.judge(s).catch(() => undefined));
  }

  dispose(): void {
    this.subscription?.dispose();
    this.subscription = undefined;
  }

  async nodes(maxAgeMs = 5000): Promise<NodeInfo[]> {
    if (this.nodesCache && this.now() - this.nodesCache.at <= maxAgeMs) return this.nodesCache.nodes;
    const nodes = (await this.o.docker.listNodes()) as NodeInfo[];
    this.nodesCache = { at: this.now(), nodes };
    return nodes;
  }

  /** Forgets the listed nodes (one was changed). */
  forgetNodes(): void {
    this.nodesCache = undefined;
  }

  /** Each node with its figures, budget, level and the stack's running tasks on it. */
  async status(): Promise<SwarmNodeStatus[]> {
    const [nodes, services] = await Promise.all([this.nodes(0), this.services()]);
    const tasks = await listTasks(
      this.o.docker,
      services.map((s) => s.ID),
    );
    return nodes
      .map((n) => {
        const judged = this.judgement(n);
        return {
          id: n.ID,
          hostname: hostname(n),
          role: n.Spec.Role === 'manager' ? ('manager' as const) : ('worker' as const),
          leader: !!n.ManagerStatus?.Leader,
          availability: n.Spec.Availability ?? 'active',
          state: n.Status?.State ?? 'unknown',
          address: n.Status?.Addr ?? '',
          labels: n.Spec.Labels ?? {},
          cpus: Math.round((n.Description?.Resources?.NanoCPUs ?? 0) / 1e9),
          memoryBytes: n.Description?.Resources?.MemoryBytes ?? 0,
          ...judged,
          tasks: tasks.filter((t) => t.NodeID === n.ID && t.Status.State === 'running').length,
        };
      })
      .sort((a, b) => a.hostname.localeCompare(b.hostname));
  }

  /** The services the guard scaled to zero, from their labels (they outlive the app). */
  async shed(): Promise<SwarmShedService[]> {
    return (await this.services())
      .filter((s) => s.Spec.Labels?.[SHED_LABELS.replicas] !== undefined)
      .map((s) => ({
        service: composeServiceOf(s, this.o.stack),
        node: s.Spec.Labels?.[SHED_LABELS.node] ?? '',
        replicas: Number(s.Spec.Labels?.[SHED_LABELS.replicas]) || 1,
        at: Number(s.Spec.Labels?.[SHED_LABELS.at]) || 0,
      }));
  }

  /** Scales a service the guard scaled down back to the replicas it had. */
  async startAgain(service: string): Promise<SwarmShedService> {
    const found = (await this.services()).find((s) => composeServiceOf(s, this.o.stack) === service);
    if (!found) throw new ApiError('NOT_FOUND', `No service '${service}' in the swarm stack ${this.o.stack}`);
    const labels = { ...found.Spec.Labels };
    const before = labels[SHED_LABELS.replicas];
    if (before === undefined)
      throw new ApiError('CONFLICT', `${service} was not scaled down by the guard`, 'Deploy the stack to change it.');
    const replicas = Number(before) || 1;
    const shed = { service, node: labels[SHED_LABELS.node] ?? '', replicas, at: Number(labels[SHED_LABELS.at]) || 0 };
    for (const key of Object.values(SHED_LABELS)) delete labels[key];
    await this.update(found, labels, replicas);
    return shed;
  }

  private judgement(
    n: NodeInfo,
  ): Pick<SwarmNodeStatus, 'figures' | 'stale' | 'budgetBytes' | 'budgetSource' | 'usage' | 'level'> {
    const labelled = parseBytes(n.Spec.Labels?.[NODE_BUDGET_LABEL]);
    const budgetSource = labelled ? ('label' as const) : ('node' as const);
    const got = this.o.probe.figures(n.ID);
    if ('stale' in got) return { stale: got.stale, budgetSource, ...(labelled ? { budgetBytes: labelled } : {}) };
    const f = got.figures;
    const budgetBytes = labelled ?? f.totalBytes;
    const usage = budgetBytes > 0 ? (f.totalBytes - f.availableBytes) / budgetBytes : 0;
    return { figures: f, budgetBytes, budgetSource, usage, level: this.level(usage) };
  }

  private level(usage: number): NonNullable<SwarmNodeStatus['level']> {
    if (usage >= this.t.shedCore) return 'shed-core';
    if (usage >= this.t.shedOptional) return 'shed-optional';
    if (usage >= this.t.warn) return 'warn';
    return 'ok';
  }

  private async services(): Promise<FullService[]> {
    return ((await stackServices(this.o.docker, this.o.stack)) as FullService[]).filter(
      (s) => composeServiceOf(s, this.o.stack) !== PROBE_SERVICE,
    );
  }

  /** One node's new sample: a warning, and a service scaled down when a threshold is crossed. */
  private async judge(sample: NodeSample): Promise<void> {
    const node = (await this.nodes()).find((n) => n.ID === sample.nodeId);
    if (!node) return;
    const j = this.judgement(node);
    if (j.usage === undefined || j.budgetBytes === undefined) return;
    const name = hostname(node);
    const pct = `${Math.round(j.usage * 100)} % of ${formatMemory(j.budgetBytes)} ${j.budgetSource === 'label' ? 'budget' : 'memory'}`;
    if (j.usage >= this.t.warn && !this.warned.has(node.ID)) {
      this.warned.add(node.ID);
      this.o.events.record({
        kind: 'guard-warn',
        project: this.o.stack,
        service: '',
        severity: 'warning',
        message: `node ${name}: memory in use at ${pct}`,
        data: { node: name, nodeId: node.ID, usage: round(j.usage), budgetBytes: j.budgetBytes },
      });
    } else if (j.usage < this.t.warn - this.t.hysteresis && this.warned.delete(node.ID)) {
      this.o.events.record({
        kind: 'guard-clear',
        project: this.o.stack,
        service: '',
        severity: 'info',
        message: `node ${name}: memory back to ${pct}`,
        data: { node: name },
      });
    }
    if (j.usage < this.t.shedOptional || this.acting) return;
    if (this.now() < (this.settleUntil.get(node.ID) ?? 0)) return;
    const allowed: Tier[] = j.usage >= this.t.shedCore ? ['optional', 'core'] : ['optional'];
    this.acting = this.shedOn(node, allowed, pct, j.usage, j.budgetBytes).finally(() => {
      this.acting = undefined;
      this.settleUntil.set(node.ID, this.now() + (this.o.settleMs ?? 5000));
    });
    await this.acting;
  }

  private async shedOn(
    node: NodeInfo,
    allowed: Tier[],
    pct: string,
    usage: number,
    budgetBytes: number,
  ): Promise<void> {
    const services = (await this.services()).filter(
      (s) => (s.Spec.Mode?.Replicated?.Replicas ?? 0) > 0 && s.Spec.Labels?.[SHED_LABELS.replicas] === undefined,
    );
    const tasks = await listTasks(
      this.o.docker,
      services.map((s) => s.ID),
    );
    const here = new Set(
      tasks.filter((t) => t.NodeID === node.ID && t.Status.State === 'running').map((t) => t.ServiceID),
    );
    const members: (GuardMember & { svc: FullService })[] = services
      .filter((s) => here.has(s.ID))
      .map((s) => {
        const limits = s.Spec.TaskTemplate?.Resources;
        return {
          id: s.ID,
          project: this.o.stack,
          service: composeServiceOf(s, this.o.stack),
          tier: tierOf(s.Spec.Labels?.[TIER_LABEL]) ?? this.o.defaultTier(),
          // The swarm reports no task's memory: the service's limit (else reservation) stands for its size.
          bytes: limits?.Limits?.MemoryBytes ?? limits?.Reservations?.MemoryBytes ?? 0,
          svc: s,
        };
      });
    const victim = pickVictim(members, allowed) as (typeof members)[number] | undefined;
    if (!victim) return;
    const name = hostname(node);
    const replicas = victim.svc.Spec.Mode?.Replicated?.Replicas ?? 1;
    const message = `scaled ${victim.service} to 0 (${victim.tier}, ${replicas} replica${replicas === 1 ? '' : 's'}): node ${name} memory in use at ${pct}`;
    const data = { node: name, nodeId: node.ID, usage: round(usage), budgetBytes, replicas, decidedAt: this.now() };
    if (this.o.dryRun?.()) {
      this.o.events.record({
        kind: 'guard-dry-run',
        project: this.o.stack,
        service: victim.service,
        severity: 'warning',
        message: `would have ${message}`,
        data,
      });
      return;
    }
    this.o.events.record({
      kind: 'guard-stop',
      project: this.o.stack,
      service: victim.service,
      severity: 'critical',
      message,
      data,
    });
    await this.update(
      victim.svc,
      {
        ...victim.svc.Spec.Labels,
        [SHED_LABELS.replicas]: String(replicas),
        [SHED_LABELS.node]: name,
        [SHED_LABELS.at]: String(this.now()),
      },
      0,
    );
  }

  /** The service with other labels and replicas, its task template untouched (no rolling update). */
  private async update(s: FullService, labels: Record<string, string>, replicas: number): Promise<void> {
    const fresh = (await this.o.docker.getService(s.ID).inspect()) as FullService;
    await this.o.docker.getService(s.ID).update({
      _query: { version: fresh.Version.Index },
      _body: { ...fresh.Spec, Labels: labels, Mode: { Replicated: { Replicas: replicas } } },
    });
  }
}

export function hostname(n: NodeInfo): string {
  return n.Description?.Hostname ?? n.ID.slice(0, 12);
}

function tierOf(value: string | undefined): Tier | undefined {
  return value === 'critical' || value === 'core' || value === 'optional' ? value : undefined;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
