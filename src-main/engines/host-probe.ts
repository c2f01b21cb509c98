import type Docker from 'dockerode';
import { Emitter, type IDisposable } from '../base';
import { DEFAULT_PROBE_IMAGE, PROBE_END, PROBE_LABEL, PROBE_SCRIPT, ProbeReader, type HostMemory } from '../host';

export { DEFAULT_PROBE_IMAGE, PROBE_LABEL };

/** One sample of a machine's figures, read in a probe container on its engine. */
export interface ProbeSample {
  memory: HostMemory;
  cpuPercent: number;
  /** When it arrived (ms since the epoch). */
  time: number;
}

export interface HostProbeOptions {
  docker: Docker;
  /** Names the probe container (`<project>-host-probe`). */
  project: string;
  image?: string;
  /** Seconds between samples. */
  everySeconds?: number;
  /** Older samples are stale: the link is down or the probe stopped. */
  staleAfterMs?: number;
  /** Labels added to the probe container (tests mark theirs). */
  labels?: Record<string, string>;
  now?: () => number;
}

/**
 * The host figures of a machine whose engine is reached over the network: a small container on
 * that engine prints its /proc every few seconds and the app follows its output. The engine API
 * tells total memory only; this gives available memory, pressure and CPU load like the local reader.
 */
export class HostProbe implements IDisposable {
  private latest: ProbeSample | undefined;
  private readonly reader = new ProbeReader();
  private stream: NodeJS.ReadableStream | undefined;
  private starting: Promise<void> | undefined;
  private lastError: string | undefined;
  private disposed = false;
  private readonly sampled = new Emitter<ProbeSample>();
  readonly onSample = this.sampled.event;
  private readonly now: () => number;

  constructor(private readonly o: HostProbeOptions) {
    this.now = o.now ?? Date.now;
  }

  get containerName(): string {
    return `${this.o.project}-host-probe`;
  }

  /** The latest sample if it is fresh; starts the probe when it is not running. Throws while figures are stale. */
  async sample(timeoutMs = 15_000): Promise<ProbeSample> {
    const fresh = this.fresh();
    if (fresh) return fresh;
    this.ensureRunning();
    const deadline = this.now() + timeoutMs;
    while (this.now() < deadline && !this.disposed) {
      await new Promise((r) => setTimeout(r, 200));
      const next = this.fresh();
      if (next) return next;
      if (!this.starting && !this.stream && this.lastError) break;
    }
    const age = this.latest
      ? `the last sample is ${Math.round((this.now() - this.latest.time) / 1000)} s old`
      : 'none yet';
    throw new Error(
      `No fresh host figures from the probe on the engine (${age}${this.lastError ? `; ${this.lastError}` : ''})`,
    );
  }

  /**
   * Without waiting: the latest sample if it is fresh, else why there is none (the probe is started
   * when it is not running). For figures shown at 1 Hz, where a wait would stall the view.
   */
  current(): { sample: ProbeSample } | { reason: string; last?: ProbeSample } {
    const fresh = this.fresh();
    if (fresh) return { sample: fresh };
    if (!this.disposed) this.ensureRunning();
    const age = this.latest
      ? `the last sample is ${Math.round((this.now() - this.latest.time) / 1000)} s old`
      : 'none yet';
    return {
      reason: `no fresh figures from the probe (${age}${this.lastError ? `; ${this.lastError}` : ''})`,
      ...(this.latest ? { last: this.latest } : {}),
    };
  }

  /** The machine's memory as the guard and the planner read it. */
  async memory(): Promise<HostMemory> {
    return (await this.sample(5000)).memory;
  }

  /** Forgets the samples and the stream (the app now talks to another engine). */
  reset(): void {
    this.stop();
    this.latest = undefined;
    this.reader.reset();
  }

  dispose(): void {
    this.disposed = true;
    this.sampled.dispose();
    this.stop();
  }

  private fresh(): ProbeSample | undefined {
    const stale = this.o.staleAfterMs ?? 3 * 1000 * (this.o.everySeconds ?? 2) + 2000;
    return this.latest && this.now() - this.latest.time <= stale ? this.latest : undefined;
  }

  private stop(): void {
    const s = this.stream as (NodeJS.ReadableStream & { destroy?: () => void }) | undefined;
    this.stream = undefined;
    s?.destroy?.();
  }

  private ensureRunning(): void {
    if (this.stream || this.starting || this.disposed) return;
    this.lastError = undefined;
    this.starting = this.follow()
      .catch((err: Error) => void (this.lastError = err.message))
      .finally(() => (this.starting = undefined));
  }

  private async container(): Promise<Docker.Container> {
    const docker = this.o.docker;
    const existing = docker.getContainer(this.containerName);
    try {
      const info = await existing.inspect();
      if (!info.State.Running) await existing.start();
      return existing;
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 404) throw err;
    }
    const image = this.o.image ?? DEFAULT_PROBE_IMAGE;
    try {
      await docker.getImage(image).inspect();
    } catch {
      const pulled = await docker.pull(image);
      await new Promise((resolve, reject) => docker.modem.followProgress(pulled, (e) => (e ? reject(e) : resolve(e))));
    }
    const created = await docker.createContainer({
      name: this.containerName,
      Image: image,
      Entrypoint: ['sh', '-c', PROBE_SCRIPT, String(this.o.everySeconds ?? 2)],
      Cmd: [],
      Tty: true,
      Labels: { [PROBE_LABEL]: this.o.project, ...this.o.labels },
      HostConfig: {
        NetworkMode: 'none',
        ReadonlyRootfs: true,
        CapDrop: ['ALL'],
        SecurityOpt: ['no-new-privileges'],
        Memory: 16 * 1024 * 1024,
        RestartPolicy: { Name: 'unless-stopped' },
      },
    });
    await created.start();
    return created;
  }

  private async follow(): Promise<void> {
    const container = await this.container();
    const stream = (await container.logs({
      follow: true,
      stdout: true,
      stderr: true,
      tail: 60,
    })) as NodeJS.ReadableStream;
    if (this.disposed) return void (stream as unknown as { destroy(): void }).destroy();
    this.stream = stream;
    let buffer = '';
    stream.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8').replace(/\r/g, '');
      let end: number;
      while ((end = buffer.indexOf(`${PROBE_END}\n`)) >= 0) {
        this.take(buffer.slice(0, end));
        buffer = buffer.slice(end + PROBE_END.length + 1);
      }
    });
    const ended = () => {
      if (this.stream === stream) this.stream = undefined;
    };
    stream.on('end', ended);
    stream.on('close', ended);
    stream.on('error', ended);
  }

  private take(block: string): void {
    const figures = this.reader.read(block);
    if (!figures) return;
    this.latest = { ...figures, time: this.now() };
    this.sampled.fire(this.latest);
  }
}
