import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { currentOwner, ownerAlive, type ProcessOwner } from '../maintenance';
import { hasImage, pullImage, type PullProgress } from '../stack';
import { FrameDemux, TextTail } from './frame-demux';

export interface VolumeMount {
  volume: string;
  target: string;
  readOnly?: boolean;
}

/** Labels on everything a snapshot creates in the engine, so a crashed run's leftovers can be found. */
export const HELPER_LABEL = 'ai.sutazai.snapshot.helper';
const OWNER_LABEL = 'ai.sutazai.snapshot.owner';

export interface HelperOptions {
  docker: Docker;
  /** The image helpers run (`sh`, `tar`, `du`, `find`): busybox by default. */
  image: string;
  project: string;
  /** Added to every helper (the tests mark theirs). */
  labels?: Record<string, string>;
}

/**
 * Short-lived containers that reach the project's volumes: created (not started) to stream a volume
 * through the engine's archive endpoint, or run once for a small shell task (`du`, the swap of a
 * restored volume). They have no network, and are removed when done; those of a process that died
 * are removed by the next one (`removeOrphans`).
 */
export class HelperContainers {
  constructor(private readonly o: HelperOptions) {}

  get image(): string {
    return this.o.image;
  }

  present(): Promise<boolean> {
    return hasImage(this.o.docker, this.o.image);
  }

  /** Pulls the helper image when it is missing, with progress. */
  async ensureImage(onProgress?: (p: PullProgress) => void): Promise<void> {
    if (await this.present()) return;
    await pullImage(this.o.docker, this.o.image, onProgress ?? (() => undefined));
  }

  /** The volume's files as a tar stream from the engine (`GET /containers/{id}/archive`); `release` removes the helper. */
  async readVolume(volume: string, path = '.'): Promise<{ stream: Readable; release: () => Promise<void> }> {
    const helper = await this.create({ mounts: [{ volume, target: '/v', readOnly: true }] });
    try {
      const stream = (await helper.getArchive({ path: `/v/${path}` })) as unknown as Readable;
      return { stream, release: () => remove(helper) };
    } catch (err) {
      await remove(helper);
      throw err;
    }
  }

  /** Extracts a tar stream into a volume through the engine (`PUT /containers/{id}/archive`). */
  async writeVolume(volume: string, tar: Readable): Promise<void> {
    const helper = await this.create({ mounts: [{ volume, target: '/v' }] });
    try {
      await helper.putArchive(tar as unknown as string, { path: '/v' });
    } finally {
      await remove(helper);
    }
  }

  /** Runs a shell script in a helper with these volumes mounted; resolves with its exit code and output. */
  async run(
    script: string,
    mounts: VolumeMount[],
    signal?: AbortSignal,
  ): Promise<{ exitCode: number; output: string }> {
    const helper = await this.create({ mounts, cmd: ['sh', '-c', script] });
    const stop = (): void => void helper.kill().catch(() => undefined);
    signal?.addEventListener('abort', stop, { once: true });
    try {
      const stream = (await helper.attach({ stream: true, stdout: true, stderr: true })) as unknown as Readable;
      const output = new TextTail(64 * 1024);
      const demux = new FrameDemux(output.add);
      demux.on('data', output.add);
      stream.pipe(demux);
      const ended = new Promise<void>((resolve) => demux.once('end', resolve).once('error', () => resolve()));
      await helper.start();
      const { StatusCode } = (await helper.wait()) as { StatusCode: number };
      await Promise.race([ended, new Promise((r) => setTimeout(r, 2000))]);
      if (signal?.aborted) throw new Error('cancelled');
      return { exitCode: StatusCode, output: output.text() };
    } finally {
      signal?.removeEventListener('abort', stop);
      await remove(helper);
    }
  }

  /**
   * Runs a tool in a container of another image (the database's own, for `neo4j-admin`), with its
   * stdout as a stream and, when given, a stream on its stdin. `finish` waits for its exit and removes it.
   */
  async runTool(o: {
    image: string;
    cmd: string[];
    env?: string[];
    mounts: VolumeMount[];
    stdin?: Readable;
  }): Promise<{ stdout: Readable; finish: () => Promise<{ exitCode: number; stderr: string }> }> {
    const helper = await this.create({
      image: o.image,
      mounts: o.mounts,
      cmd: o.cmd,
      ...(o.env ? { env: o.env } : {}),
      stdin: Boolean(o.stdin),
    });
    try {
      const stream = (await helper.attach({
        stream: true,
        stdout: true,
        stderr: true,
        ...(o.stdin ? { stdin: true, hijack: true } : {}),
      })) as unknown as NodeJS.ReadWriteStream & Readable;
      const stderr = new TextTail();
      const stdout = new FrameDemux(stderr.add);
      stream.pipe(stdout);
      await helper.start();
      if (o.stdin) o.stdin.pipe(stream as unknown as NodeJS.WritableStream);
      return {
        stdout,
        finish: async () => {
          try {
            const { StatusCode } = (await helper.wait()) as { StatusCode: number };
            return { exitCode: StatusCode, stderr: stderr.text() };
          } finally {
            await remove(helper);
          }
        },
      };
    } catch (err) {
      await remove(helper);
      throw err;
    }
  }

  /** Removes helpers of this project left by a process that is gone (a `kill -9`). */
  async removeOrphans(): Promise<number> {
    const list = await this.o.docker.listContainers({
      all: true,
      filters: JSON.stringify({ label: [`${HELPER_LABEL}=${this.o.project}`] }),
    });
    let removed = 0;
    for (const c of list) {
      const owner = parseOwner(c.Labels[OWNER_LABEL]);
      if (owner && ownerAlive(owner)) continue;
      await this.o.docker
        .getContainer(c.Id)
        .remove({ force: true, v: true })
        .catch(() => undefined);
      removed += 1;
    }
    return removed;
  }

  private create(o: {
    mounts: VolumeMount[];
    cmd?: string[];
    image?: string;
    env?: string[];
    stdin?: boolean;
  }): Promise<Docker.Container> {
    const owner = currentOwner();
    const ownTool = o.image === undefined;
    return this.o.docker.createContainer({
      Image: o.image ?? this.o.image,
      ...(ownTool ? { Entrypoint: [] as string[], User: '0:0' } : {}),
      Cmd: o.cmd ?? ['true'],
      ...(o.env ? { Env: o.env } : {}),
      ...(o.stdin ? { OpenStdin: true, StdinOnce: true, AttachStdin: true } : {}),
      AttachStdout: true,
      AttachStderr: true,
      Labels: {
        ...this.o.labels,
        [HELPER_LABEL]: this.o.project,
        [OWNER_LABEL]: `${owner.pid}@${owner.hostname}@${owner.startTicks ?? ''}`,
      },
      HostConfig: {
        NetworkMode: 'none',
        Mounts: o.mounts.map((m) => ({
          Type: 'volume' as const,
          Source: m.volume,
          Target: m.target,
          ReadOnly: Boolean(m.readOnly),
        })),
      },
    });
  }
}

function parseOwner(label: string | undefined): ProcessOwner | undefined {
  const [pid, hostname, startTicks] = (label ?? '').split('@');
  if (!pid || !hostname) return undefined;
  return { pid: Number(pid), hostname, ...(startTicks ? { startTicks } : {}) };
}

async function remove(container: Docker.Container): Promise<void> {
  await container.remove({ force: true, v: true }).catch(() => undefined);
}
