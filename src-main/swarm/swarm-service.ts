import type Docker from 'dockerode';
import { ApiError } from '../../src-shared/api';
import type {
  SwarmDeployReport,
  SwarmNodeStatus,
  SwarmNodesReport,
  SwarmRemoveReport,
  SwarmShedService,
  SwarmStackStatus,
} from '../../src-shared/api/features/swarm';
import { parseBytes } from '../stack';
import type { StackService } from '../stack';
import { deployStack } from './swarm-deploy';
import { composeServiceOf, managerState, requireManager, stackServices, stackStatus } from './swarm-inventory';
import { serviceLogs } from './swarm-logs';
import { removeStack } from './swarm-remove';
import { swarmServiceName } from './swarm-service-spec';
import { hostname, NODE_BUDGET_LABEL, type NodeInfo } from './swarm-node-guard';
import type { SwarmWatch } from './swarm-watch';

export interface SwarmServiceOptions {
  /** The engine of the project: it must be a swarm manager. */
  docker: Docker;
  /** The project's stack: its compose model, its generated secrets and the user's confirmations. */
  stack: StackService;
  /** Labels put on the stack's network and secrets besides the stack's own. */
  extraLabels?: Record<string, string>;
  /**
   * The stack's probe service and per-node guard, kept by the app between calls: started by a
   * deploy or when the stack is seen, stopped when it is removed. Without it there are no figures per node.
   */
  watch?: SwarmWatch;
}

/** One project deployed to a Docker Swarm as a stack named like the project (`sutazai swarm`, the `swarm:*` API). */
export class SwarmService {
  constructor(private readonly o: SwarmServiceOptions) {}

  get stackName(): string {
    return this.o.stack.project;
  }

  /**
   * Deploys a profile (none: the services without a profile); deployed again, changed services
   * roll. Refused while a service's dangerous settings are not confirmed, as on one engine.
   */
  async deploy(profile?: string, timeoutMs = 300_000): Promise<SwarmDeployReport> {
    await requireManager(this.o.docker);
    const profiles = profile ? [profile] : [];
    const model = this.o.stack.load(profiles);
    if (Object.keys(model.services).length === 0)
      throw new ApiError('NOT_FOUND', `No services in profile '${profile ?? ''}' of ${this.stackName}`);
    const pending = this.o.stack.risks(profiles).filter((r) => !r.acknowledged);
    if (pending.length)
      throw new ApiError(
        'CONFLICT',
        `Not deployed: ${pending.map((r) => r.service).join(', ')} get part of the host and were not confirmed. Nothing was created.`,
        'Review and confirm them on the Stack page, or with `sutazai up` on a terminal.',
      );
    const report = await deployStack(this.o.docker, {
      stack: this.stackName,
      model,
      generatedSecrets: this.o.stack.kind === 'templates' ? this.o.stack.secrets.read() : {},
      timeoutMs,
      ...(this.o.extraLabels ? { extraLabels: this.o.extraLabels } : {}),
    });
    this.o.watch?.start();
    return report;
  }

  ps(): Promise<SwarmStackStatus> {
    return stackStatus(this.o.docker, this.stackName);
  }

  /** Starts watching the stack's nodes when the engine is a manager and the stack is deployed there. */
  async watchIfDeployed(): Promise<boolean> {
    if (!this.o.watch || this.o.watch.started || !(await managerState(this.o.docker)).manager) return false;
    if ((await stackServices(this.o.docker, this.stackName)).length === 0) return false;
    this.o.watch.start();
    return true;
  }

  /** Each node with its figures from the probe service, its budget and level, and what the guard scaled down. */
  async nodes(): Promise<SwarmNodesReport> {
    const watch = this.o.watch;
    const empty = { stack: this.stackName, probe: { service: '', running: 0, nodes: 0 }, nodes: [], shed: [] };
    if (!watch || !(await managerState(this.o.docker)).manager) return { ...empty, manager: false, dryRun: false };
    const justStarted = !watch.started;
    watch.start();
    const { probe, guard } = watch.current;
    // Started by this call (`sutazai swarm nodes`): the first samples are a couple of seconds away.
    if (justStarted) await probe.firstSamples(8000);
    const [nodes, shed, tasks] = await Promise.all([guard.status(), guard.shed(), probe.tasks()]);
    return {
      stack: this.stackName,
      manager: true,
      probe: { service: probe.serviceName, ...tasks },
      dryRun: guard.dryRun,
      nodes,
      shed,
    };
  }

  /** Drains, pauses or activates a node, or sets or clears its memory budget label. */
  async node(
    ref: string,
    change: { availability?: 'active' | 'pause' | 'drain'; memoryBudget?: string | null },
  ): Promise<SwarmNodeStatus> {
    await requireManager(this.o.docker);
    const nodes = (await this.o.docker.listNodes()) as NodeInfo[];
    const found = nodes.filter((n) => n.ID === ref || n.ID.startsWith(ref) || hostname(n) === ref);
    if (found.length !== 1)
      throw new ApiError(
        found.length ? 'CONFLICT' : 'NOT_FOUND',
        found.length
          ? `node: '${ref}' names ${found.length} nodes; give its id`
          : `node: no node '${ref}' in the swarm (nodes: ${nodes.map(hostname).join(', ')})`,
      );
    const node = found[0]!;
    const labels = { ...node.Spec.Labels };
    if (change.memoryBudget === null) delete labels[NODE_BUDGET_LABEL];
    else if (change.memoryBudget !== undefined) {
      const bytes = parseBytes(change.memoryBudget);
      if (!bytes)
        throw new ApiError(
          'INVALID_INPUT',
          `memoryBudget: '${change.memoryBudget}' is not a size such as 12GiB or 8000MB`,
        );
      labels[NODE_BUDGET_LABEL] = change.memoryBudget.trim();
    }
    await this.o.docker.getNode(node.ID).update({
      _query: { version: node.Version.Index },
      _body: { ...node.Spec, Labels: labels, ...(change.availability ? { Availability: change.availability } : {}) },
    });
    const watch = this.o.watch;
    watch?.current.guard.forgetNodes();
    const status = watch ? (await watch.current.guard.status()).find((n) => n.id === node.ID) : undefined;
    if (status) return status;
    return {
      id: node.ID,
      hostname: hostname(node),
      role: node.Spec.Role === 'manager' ? 'manager' : 'worker',
      leader: !!node.ManagerStatus?.Leader,
      availability: change.availability ?? node.Spec.Availability ?? 'active',
      state: node.Status?.State ?? 'unknown',
      address: node.Status?.Addr ?? '',
      labels,
      cpus: Math.round((node.Description?.Resources?.NanoCPUs ?? 0) / 1e9),
      memoryBytes: node.Description?.Resources?.MemoryBytes ?? 0,
      budgetSource: labels[NODE_BUDGET_LABEL] ? 'label' : 'node',
      tasks: 0,
    };
  }

  /** Scales a service the guard scaled to zero back to its replicas. */
  async startAgain(service: string): Promise<SwarmShedService> {
    await requireManager(this.o.docker);
    if (!this.o.watch) throw new ApiError('INTERNAL', 'the swarm guard is not kept for this project');
    return this.o.watch.current.guard.startAgain(service);
  }

  /** Removes a profile's services (none given: the whole stack with its network); secrets and volumes when asked. */
  async rm(profile?: string, o: { secrets?: boolean; volumes?: boolean } = {}): Promise<SwarmRemoveReport> {
    await requireManager(this.o.docker);
    const services = profile ? Object.keys(this.o.stack.load([profile]).services) : undefined;
    // The whole stack: its probe service goes with it, and nothing watches its nodes any more.
    if (!services) this.o.watch?.stop();
    return removeStack(this.o.docker, this.stackName, { ...o, ...(services ? { services } : {}) });
  }

  async logs(service: string, tail = 200): Promise<{ service: string; lines: string[] }> {
    await requireManager(this.o.docker);
    const found = (await stackServices(this.o.docker, this.stackName)).some(
      (s) => composeServiceOf(s, this.stackName) === service,
    );
    if (!found) throw new ApiError('NOT_FOUND', `No service '${service}' in the swarm stack ${this.stackName}`);
    return { service, lines: await serviceLogs(this.o.docker, swarmServiceName(this.stackName, service), tail) };
  }
}
