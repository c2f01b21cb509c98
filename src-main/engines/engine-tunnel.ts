import { createServer, type Server, type Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import type { IDisposable } from '../base';

export interface EngineTunnelOptions {
  docker: Docker;
  /** Names the relay container (`<project>-engine-relay`). */
  project: string;
  /** An image with `nc` and `sleep` (busybox). */
  image: string;
}

/**
 * Reaches a port the stack publishes on the loopback of an engine's machine (Ollama's
 * `127.0.0.1:10104`) from this machine, through the engine connection itself, without exposing
 * anything there: a small relay container in that machine's network namespace, and for each
 * connection to a loopback port here, `nc 127.0.0.1 PORT` run in it by the engine's exec API with its
 * stdin and stdout carrying the bytes (what `docker exec -i relay nc …` does). The relay only runs
 * `sleep`, read-only, with no capability and 16 MiB; one local port per target, on 127.0.0.1 only.
 */
export class EngineTunnel implements IDisposable {
  private readonly servers = new Map<string, Promise<{ server: Server; url: string }>>();
  private relay: Promise<Docker.Container> | undefined;

  constructor(private readonly o: EngineTunnelOptions) {}

  get relayName(): string {
    return `${this.o.project}-engine-relay`;
  }

  /** http://127.0.0.1:PORT here, leading to `host:port` on the stack's network over there. */
  url(host: string, port: number): Promise<string> {
    const key = `${host}:${port}`;
    let known = this.servers.get(key);
    if (!known) {
      known = this.listen(host, port);
      this.servers.set(key, known);
      known.catch(() => this.servers.delete(key));
    }
    return known.then((k) => k.url);
  }

  dispose(): void {
    for (const s of this.servers.values()) void s.then((k) => k.server.close()).catch(() => undefined);
    this.servers.clear();
  }

  private async listen(host: string, port: number): Promise<{ server: Server; url: string }> {
    await this.ensureRelay();
    const server = createServer((socket) => void this.carry(socket, host, port));
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
    server.unref();
    const address = server.address() as { port: number };
    return { server, url: `http://127.0.0.1:${address.port}` };
  }

  private async carry(socket: Socket, host: string, port: number): Promise<void> {
    socket.on('error', () => socket.destroy());
    try {
      const relay = await this.ensureRelay();
      const exec = await relay.exec({
        Cmd: ['nc', host, String(port)],
        AttachStdin: true,
        AttachStdout: true,
        AttachStderr: true,
        Tty: false,
      });
      const stream = await exec.start({ hijack: true, stdin: true });
      const out = new PassThrough();
      this.o.docker.modem.demuxStream(stream, out, new PassThrough());
      out.pipe(socket);
      socket.pipe(stream);
      const close = () => {
        socket.destroy();
        stream.destroy();
      };
      stream.on('end', () => socket.end());
      stream.on('error', close);
      socket.on('close', () => stream.destroy());
    } catch {
      socket.destroy();
    }
  }

  /** The relay container: created once, started when it is not running. */
  private ensureRelay(): Promise<Docker.Container> {
    this.relay ??= this.startRelay().catch((err: Error) => {
      this.relay = undefined;
      throw err;
    });
    return this.relay;
  }

  private async startRelay(): Promise<Docker.Container> {
    const docker = this.o.docker;
    const name = this.relayName;
    let container = docker.getContainer(name);
    try {
      const state = (await container.inspect()).State;
      if (!state.Running) await container.start();
      return container;
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 404) throw err;
    }
    container = await docker.createContainer({
      name,
      Image: this.o.image,
      Cmd: ['sleep', '2147483647'],
      Labels: { 'ai.sutazai.relay': 'true' },
      HostConfig: {
        NetworkMode: 'host',
        ReadonlyRootfs: true,
        CapDrop: ['ALL'],
        Memory: 16 * 1024 * 1024,
        RestartPolicy: { Name: 'unless-stopped' },
      },
    });
    await container.start();
    return container;
  }
}
