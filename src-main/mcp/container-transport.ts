import type Docker from 'dockerode';
import { PassThrough, type Duplex } from 'node:stream';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { ApiError } from '../../src-shared/api';
import { LABELS } from '../../src-shared/api/features/stack-model';
import { containerName, type ContainerServerSpec } from './container-server';

/**
 * An MCP server in a container of the stack, spoken to over the container's attached stdin and
 * stdout (as `docker run -i` does). The container carries the project's compose labels (service
 * `mcp-<id>`, tier optional), so the stack's supervisor restarts it after a crash, parks it when it
 * crash-loops, and the memory guard counts it; each start of this transport attaches to it again.
 */
export class ContainerStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private socket: Duplex | undefined;
  private readonly buffer = new ReadBuffer();
  private closed = false;

  constructor(private readonly spec: ContainerServerSpec) {}

  async start(): Promise<void> {
    const { docker } = this.spec;
    const container = await this.ensureContainer();
    const socket = (await container.attach({
      stream: true,
      stdin: true,
      stdout: true,
      stderr: true,
      hijack: true,
    })) as unknown as Duplex;
    this.socket = socket;
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    docker.modem.demuxStream(socket, stdout, stderr);
    stdout.on('data', (chunk: Buffer) => {
      this.buffer.append(chunk);
      for (;;) {
        let message: JSONRPCMessage | null;
        try {
          message = this.buffer.readMessage();
        } catch (err) {
          this.onerror?.(err as Error);
          continue;
        }
        if (!message) break;
        this.onmessage?.(message);
      }
    });
    stderr.on('data', (chunk: Buffer) => this.spec.log.write(chunk.toString('utf8')));
    socket.on('error', (err: Error) => this.onerror?.(err));
    socket.on('end', () => this.finish());
    socket.on('close', () => this.finish());
    const state = (await container.inspect()).State;
    if (!state.Running) await container.start();
  }

  get containerName(): string {
    return containerName(this.spec.project, this.spec.serverId);
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      if (!this.socket || this.closed) return reject(new Error('the container is not attached'));
      this.socket.write(serializeMessage(message), (err) => (err ? reject(err) : resolve()));
    });
  }

  async close(): Promise<void> {
    this.socket?.end();
    this.socket?.destroy();
    this.finish();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.buffer.clear();
    this.onclose?.();
  }

  /** The server's container, created (the image pulled first when missing) the first time. */
  private async ensureContainer(): Promise<Docker.Container> {
    const { docker, project, serverId, image } = this.spec;
    const name = this.containerName;
    const existing = docker.getContainer(name);
    const info = await existing.inspect().catch(() => undefined);
    if (info) return existing;
    const have = await docker
      .getImage(image)
      .inspect()
      .catch(() => undefined);
    if (!have) await this.pull();
    return docker.createContainer({
      name,
      Image: image,
      Cmd: this.spec.args.length ? this.spec.args : undefined,
      Env: Object.entries(this.spec.env).map(([k, v]) => `${k}=${v}`),
      OpenStdin: true,
      StdinOnce: false,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
      Labels: {
        [LABELS.project]: project,
        [LABELS.service]: `mcp-${serverId}`,
        [LABELS.containerNumber]: '1',
        [LABELS.oneoff]: 'False',
        [LABELS.tier]: 'optional',
        [LABELS.category]: 'mcp',
        [LABELS.description]: `MCP server ${serverId}`,
        ...this.spec.labels,
      },
      HostConfig: {
        Binds: this.spec.folders.map((f) => `${f}:${f}`),
        Memory: 512 * 1024 * 1024,
        RestartPolicy: { Name: 'no' },
      },
    });
  }

  private async pull(): Promise<void> {
    const { docker, image, log } = this.spec;
    log.note(`pulling ${image}`);
    try {
      const stream = await docker.pull(image);
      await new Promise<void>((resolve, reject) =>
        docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve())),
      );
    } catch (err) {
      throw new ApiError(
        'UNAVAILABLE',
        `Could not pull ${image}: ${(err as Error).message}`,
        'The engine needs to reach the image’s registry once; or build or load the image on this machine.',
      );
    }
  }
}
