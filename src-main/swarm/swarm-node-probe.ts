import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import type { SwarmNodeFigures } from '../../src-shared/api/features/swarm';
import { Emitter, type IDisposable } from '../base';
import { DEFAULT_PROBE_IMAGE, PROBE_END, PROBE_LABEL, PROBE_SCRIPT, ProbeReader } from '../host';
import { STACK_NAMESPACE, swarmServiceName } from './swarm-service-spec';
import { stackServices } from './swarm-inventory';
import { listTasks } from './swarm-tasks';

/** The compose-like name of the stack's probe service (`<stack>_host-probe`). */
export const PROBE_SERVICE = 'host-probe';

export interface SwarmNodeProbeOptions {
  docker: Docker;
  stack: string;
  image?: string;
  /** Seconds between samples on each node. */
  everySeconds?: number;
  /** Older samples are stale: the node, its task or the log stream is gone. */
  staleAfterMs?: number;
  /** How often the probe's tasks are listed, to follow the logs again when the nodes change. */
  checkEveryMs?: number;
  now?: () => number;
}

/** One node's latest sample. */
export interface NodeSample {
  nodeId: string;
  figures: SwarmNodeFigures;
}

interface ServiceInfo {
  ID: string;
  Version: { Index: number };
}

/**
 * The host figures of every node of a swarm, from one global service: a small task on each node
 * prints that machine's /proc every few seconds (the kernel does not namespace meminfo, pressure
 * or stat), and the app follows the service's logs through the manager, each line marked with the
 * node it came from. A node whose last sample is older than `staleAfterMs` has no figures: the
 * guard does nothing on stale figures.
 */
export class SwarmNodeProbe implements IDisposable {
  private readonly latest = new Map<string, SwarmNodeFigures>();
  private readonly readers = new Map<string, { reader: ProbeReader; text: string }>();
  private stream: (NodeJS.ReadableStream & { destroy?: () => void }) | undefined;
  private following: Promise<void> | undefined;
  private followedTasks = '';
  private timer: NodeJS.Timeout | undefined;
  private lastError: string | undefined;
  private disposed = false;
  private readonly sampled = new Emitter<NodeSample>();
  /** Each node's sample as it arrives. */
  readonly onSample = this.sampled.event;
  private readonly now: () => number;

  constructor(private readonly o: SwarmNodeProbeOptions) {
    this.now = o.now ?? Date.now;
  }

  get serviceName(): string {
    return swarmServiceName(this.o.stack, PROBE_SERVICE);
  }

  /** Creates the global service when it is missing and follows its logs; checks its tasks every few seconds. */
  start(): void {
    if (this.timer || this.disposed) return;
    const check = () => {
      void this.check().catch((err: Error) => (this.lastError = err.message));
    };
    check();
    this.timer = setInterval(check, this.o.checkEveryMs ?? 5000);
    this.timer.unref?.();
  }

  /** The node's fresh figures, else why there are none. */
  figures(nodeId: string): { figures: SwarmNodeFigures } | { stale: string } {
    const f = this.latest.get(nodeId);
    if (f && this.now() - f.sampledAt <= this.staleAfter) return { figures: f };
    const why = f
      ? `the node's last sample is ${Math.round((this.now() - f.sampledAt) / 1000)} s old`
      : 'no sample from this node yet';
    return { stale: `${why}${this.lastError ? `; ${this.lastError}` : ''}` };
  }

  /** Waits until every ready node that is not drained has sent a sample, or the time is up. */
  async firstSamples(timeoutMs: number): Promise<void> {
    const deadline = this.now() + timeoutMs;
    const nodes = (await this.o.docker.listNodes()) as {
      ID: string;
      Spec?: { Availability?: string };
      Status?: { State?: string };
    }[];
    const expected = nodes.filter((n) => n.Spec?.Availability !== 'drain' && n.Status?.State === 'ready');
    while (this.now() < deadline && !this.disposed && !expected.every((n) => 'figures' in this.figures(n.ID)))
      await new Promise((r) => setTimeout(r, 100));
  }

  /** The probe service's running tasks, and the nodes it should run on (every node not drained). */
  async tasks(): Promise<{ running: number; nodes: number }> {
    const service = await this.inspect();
    if (!service) return { running: 0, nodes: 0 };
    const tasks = await listTasks(this.o.docker, [service.ID]);
    const nodes = (await this.o.docker.listNodes()) as {
      Spec?: { Availability?: string };
      Status?: { State?: string };
    }[];
    return {
      running: tasks.filter((t) => t.Status.State === 'running').length,
      nodes: nodes.filter((n) => n.Spec?.Availability !== 'drain' && n.Status?.State === 'ready').length,
    };
  }

  /** Removes the probe service (the stack is removed). */
  async remove(): Promise<void> {
    this.stopFollowing();
    const service = await this.inspect();
    if (service) await this.o.docker.getService(service.ID).remove();
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.stopFollowing();
    this.sampled.dispose();
  }

  private get staleAfter(): number {
    return this.o.staleAfterMs ?? 3 * 1000 * (this.o.everySeconds ?? 2) + 2000;
  }

  private async inspect(): Promise<ServiceInfo | undefined> {
    try {
      return (await this.o.docker.getService(this.serviceName).inspect()) as ServiceInfo;
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) return undefined;
      throw err;
    }
  }

  /** The service exists; its logs are followed again when its running tasks changed or the stream ended. */
  private async check(): Promise<void> {
    if (this.disposed) return;
    let service = await this.inspect();
    if (!service) {
      // Removed with its stack (`docker stack rm`): nothing is made for a stack that is no longer there.
      const others = (await stackServices(this.o.docker, this.o.stack)).filter((s) => s.Spec.Name !== this.serviceName);
      if (others.length === 0) return;
      service = await this.create();
    }
    const running = (await listTasks(this.o.docker, [service.ID]))
      .filter((t) => t.Status.State === 'running')
      .map((t) => t.ID)
      .sort()
      .join(',');
    if (this.stream && running === this.followedTasks) return;
    if (this.following) return;
    this.followedTasks = running;
    this.following = this.follow().finally(() => (this.following = undefined));
    await this.following;
    this.lastError = undefined;
  }

  private async create(): Promise<ServiceInfo> {
    const labels = { [STACK_NAMESPACE]: this.o.stack, [PROBE_LABEL]: this.o.stack };
    await this.o.docker.createService({
      Name: this.serviceName,
      Labels: labels,
      TaskTemplate: {
        ContainerSpec: {
          Image: this.o.image ?? DEFAULT_PROBE_IMAGE,
          Command: ['sh', '-c', PROBE_SCRIPT, String(this.o.everySeconds ?? 2)],
          Labels: labels,
          ReadOnly: true,
          CapabilityDrop: ['ALL'],
          Privileges: { NoNewPrivileges: true },
        },
        Resources: { Limits: { MemoryBytes: 16 * 1024 * 1024, NanoCPUs: 100_000_000 } },
        RestartPolicy: { Condition: 'any', Delay: 2_000_000_000 },
        // Small logs: the app reads only the last few seconds.
        LogDriver: { Name: 'json-file', Options: { 'max-size': '256k', 'max-file': '2' } },
      },
      Mode: { Global: {} },
    } as Docker.CreateServiceOptions);
    const made = await this.inspect();
    if (!made) throw new Error(`the probe service ${this.serviceName} was not created`);
    return made;
  }

  private stopFollowing(): void {
    const s = this.stream;
    this.stream = undefined;
    s?.destroy?.();
  }

  private async follow(): Promise<void> {
    this.stopFollowing();
    // From a few seconds back only: older samples would pass for fresh ones.
    const since = Math.floor(this.now() / 1000) - 5;
    const raw = (await this.o.docker.getService(this.serviceName).logs({
      follow: true,
      stdout: true,
      stderr: true,
      details: true,
      since,
    })) as NodeJS.ReadableStream & { destroy?: () => void };
    if (this.disposed) return void raw.destroy?.();
    this.stream = raw;
    const out = new PassThrough();
    this.o.docker.modem.demuxStream(raw, out, out);
    let pending = '';
    out.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      let end: number;
      while ((end = pending.indexOf('\n')) >= 0) {
        this.line(pending.slice(0, end));
        pending = pending.slice(end + 1);
      }
    });
    const ended = () => {
      if (this.stream === raw) this.stream = undefined;
    };
    raw.on('end', ended);
    raw.on('close', ended);
    raw.on('error', ended);
  }

  /** One line: `com.docker.swarm.node.id=…,com.docker.swarm.service.id=…,com.docker.swarm.task.id=… text`. */
  private line(line: string): void {
    const space = line.indexOf(' ');
    if (space < 0) return;
    const details = new URLSearchParams(line.slice(0, space).replaceAll(',', '&'));
    const nodeId = details.get('com.docker.swarm.node.id');
    if (!nodeId) return;
    const text = line.slice(space + 1).replace(/\r$/, '');
    let node = this.readers.get(nodeId);
    if (!node) this.readers.set(nodeId, (node = { reader: new ProbeReader(), text: '' }));
    if (text !== PROBE_END) {
      node.text += `${text}\n`;
      // A sample is a few dozen lines: more means its end was lost.
      if (node.text.length > 64 * 1024) node.text = '';
      return;
    }
    const read = node.reader.read(node.text);
    node.text = '';
    if (!read) return;
    const figures: SwarmNodeFigures = {
      totalBytes: read.memory.totalBytes,
      availableBytes: read.memory.availableBytes,
      ...(read.memory.pressureSome10 !== undefined ? { pressureSome10: read.memory.pressureSome10 } : {}),
      cpuPercent: read.cpuPercent,
      sampledAt: this.now(),
    };
    this.latest.set(nodeId, figures);
    this.sampled.fire({ nodeId, figures });
  }
}
