import Docker from 'dockerode';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import type { EngineStatus } from '../../src-shared/api';
import type { EngineEndpoint } from './engine-discovery';

/** dockerode's connection options for an endpoint found by discovery. */
export function dockerOptions(endpoint: EngineEndpoint): Docker.DockerOptions {
  if (endpoint.connect) return endpoint.connect;
  const url = endpoint.url;
  if (url.startsWith('unix://')) return { socketPath: url.slice('unix://'.length) };
  if (url.startsWith('npipe://')) return { socketPath: url.slice('npipe://'.length).replace(/\//g, '\\') };
  const parsed = new URL(url.replace(/^tcp:/, endpoint.tls ? 'https:' : 'http:'));
  if (parsed.protocol === 'ssh:') {
    return {
      protocol: 'ssh',
      host: parsed.hostname,
      port: parsed.port ? Number(parsed.port) : 22,
      username: parsed.username || undefined,
    } as Docker.DockerOptions;
  }
  const options: Docker.DockerOptions = {
    protocol: parsed.protocol === 'https:' ? 'https' : 'http',
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : parsed.protocol === 'https:' ? 2376 : 2375,
  };
  if (endpoint.tls?.certPath) {
    const dir = endpoint.tls.certPath;
    options.ca = readFileSync(join(dir, 'ca.pem'));
    options.cert = readFileSync(join(dir, 'cert.pem'));
    options.key = readFileSync(join(dir, 'key.pem'));
  }
  return options;
}

export function engineHint(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin' || platform === 'win32') {
    return 'Start Docker Desktop (or `colima start`, or `podman machine start`), or point DOCKER_HOST at a running engine.';
  }
  return 'Start the Docker engine (`sudo systemctl start docker`, or `sudo dockerd &`; rootless: `systemctl --user start docker`; Podman: `systemctl --user start podman.socket`), or point DOCKER_HOST at a running engine.';
}

/**
 * docker-modem formats every request's options, agent included, with `util.inspect` (all hidden
 * properties, unlimited depth) for its debug log, whether that log is on or not. With a log stream
 * open the pool's sockets made that about 60 000 characters and 6 ms of CPU per request; the agent
 * formats itself as one word instead.
 */
function describeBriefly(agent: HttpAgent): void {
  Object.defineProperty(agent, inspect.custom, { value: () => `[${agent.constructor.name}]` });
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The app's one handle on the engine: the dockerode client plus where it points. Its requests
 * share a keep-alive connection pool of its own, closed by `dispose` (ssh endpoints open their own).
 */
export class EngineClient {
  readonly docker: Docker;
  private agent: HttpAgent | undefined;

  constructor(public endpoint: EngineEndpoint) {
    this.docker = this.connect(endpoint);
  }

  /** A dockerode client for the endpoint over a keep-alive pool of this client's own. */
  private connect(endpoint: EngineEndpoint): Docker {
    const options = dockerOptions(endpoint);
    this.agent =
      options.protocol === 'ssh'
        ? undefined
        : options.protocol === 'https'
          ? new HttpsAgent({ keepAlive: true })
          : new HttpAgent({ keepAlive: true });
    if (this.agent) describeBriefly(this.agent);
    // docker-modem takes an `agent` for its requests; the dockerode typings leave it out.
    return new Docker(this.agent ? ({ ...options, agent: this.agent } as Docker.DockerOptions) : options);
  }

  /** Closes the pooled connections, and with them any request or stream still open. */
  dispose(): void {
    this.agent?.destroy();
  }

  /**
   * Points the client at another engine from now on (the Settings page). Every service holds this
   * same dockerode instance, so its connection settings are swapped in place. Requests and streams
   * still open on the old engine are closed with its pool; their owners reconnect to the new one.
   */
  useEndpoint(endpoint: EngineEndpoint): void {
    const previous = this.agent;
    const fresh = this.connect(endpoint);
    previous?.destroy();
    (this.docker as unknown as { modem: unknown }).modem = (fresh as unknown as { modem: unknown }).modem;
    this.endpoint = endpoint;
  }

  /** Asks the engine who it is; never throws: a failure is a disconnected status with a hint. */
  async status(timeoutMs = 3000): Promise<EngineStatus> {
    const base = {
      endpoint: this.endpoint.url,
      source: this.endpoint.source,
      tried: this.endpoint.tried,
      checkedAt: Date.now(),
    };
    try {
      const [version, info] = await withTimeout(
        Promise.all([this.docker.version(), this.docker.info() as Promise<DockerInfo>]),
        timeoutMs,
        `The engine at ${this.endpoint.url}`,
      );
      return {
        ...base,
        connected: true,
        version: version.Version,
        apiVersion: version.ApiVersion,
        os: info.OperatingSystem,
        kernelVersion: info.KernelVersion,
        dataRoot: info.DockerRootDir,
        cgroupVersion: info.CgroupVersion,
        containers: { running: info.ContainersRunning ?? 0, total: info.Containers ?? 0 },
        images: info.Images ?? 0,
      };
    } catch (err) {
      return {
        ...base,
        connected: false,
        error: describeConnectError(this.endpoint.url, err),
        hint: engineHint(),
      };
    }
  }
}

interface DockerInfo {
  OperatingSystem?: string;
  KernelVersion?: string;
  DockerRootDir?: string;
  CgroupVersion?: string;
  Containers?: number;
  ContainersRunning?: number;
  Images?: number;
}

function describeConnectError(url: string, err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOENT':
      return `No Docker engine socket at ${url}`;
    case 'ECONNREFUSED':
      return `Nothing is listening at ${url}`;
    case 'EACCES':
      return `Permission denied on ${url}: add your user to the docker group, or use rootless Docker`;
    default:
      return `No Docker engine answered at ${url}: ${e?.message ?? String(err)}`;
  }
}
