import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Docker from 'dockerode';
import { ApiError, type EngineSummary } from '../../src-shared/api';
import type { EngineEndpoint } from '../engine';
import { ensureAppHome } from '../store';
import { readDockerContexts } from './docker-contexts';
import { connectionOptions, describeHostKey, type ConnectionContext, type HostKeyCheck } from './engine-connection';
import { engineKind, hostAndPort, isLoopback, LOCAL_ENGINE, type EngineEntry } from './engine-entry';

export interface EngineRegistryOptions extends ConnectionContext {
  /** The app home; the list is kept in its engines.json (read without creating the home). */
  home: string;
  /** The engine found on this machine the way the docker CLI finds it. */
  discovered: () => EngineEndpoint;
}

interface StoredEngines {
  current?: string;
  engines: EngineEntry[];
}

export interface EngineAdd {
  name: string;
  url: string;
  tls?: { ca: string; cert: string; key: string } | undefined;
  identityFile?: string | undefined;
  knownHostsFile?: string | undefined;
}

/**
 * The engines the user can run the stack on: the local one, those added (ssh:// with host keys
 * checked, tcp:// with TLS) and the imported docker contexts; and which one is current.
 */
export class EngineRegistry {
  private readonly file: string;

  constructor(private readonly o: EngineRegistryOptions) {
    this.file = join(o.home, 'engines.json');
  }

  entries(): EngineEntry[] {
    return this.read().engines;
  }

  currentName(): string {
    const current = this.read().current;
    return current && this.find(current) ? current : LOCAL_ENGINE;
  }

  /** Where the core starts: DOCKER_HOST wins as it does over contexts in the docker CLI, then the engine chosen here. */
  startEndpoint(): EngineEndpoint {
    if (this.o.env.DOCKER_HOST?.trim()) return this.o.discovered();
    return this.endpointOf(this.currentName());
  }

  endpointOf(name: string): EngineEndpoint {
    if (name === LOCAL_ENGINE) return this.o.discovered();
    const entry = this.require(name);
    return {
      url: entry.url,
      source: 'engines',
      context: entry.name,
      tried: [`${entry.url} (engine ${entry.name})`],
      connect: connectionOptions(entry, this.o),
    };
  }

  add(input: EngineAdd): EngineEntry {
    const name = input.name.trim();
    if (name === LOCAL_ENGINE || this.find(name))
      throw new ApiError(
        'CONFLICT',
        `An engine named '${name}' already exists`,
        'Choose another name, or remove it first.',
      );
    const url = input.url.trim();
    if (url.startsWith('tcp://') && !input.tls && !isLoopback(hostAndPort(url).host))
      throw new ApiError(
        'INVALID_INPUT',
        `url: ${url} is reached without TLS; anyone on the network could drive that engine`,
        'Give the CA and the client certificate and key (--tls-ca, --tls-cert, --tls-key), as `docker --tlsverify` needs.',
      );
    if (!url.startsWith('ssh://') && (input.identityFile || input.knownHostsFile))
      throw new ApiError('INVALID_INPUT', 'identityFile and knownHostsFile apply to ssh:// engines only');
    if (!url.startsWith('tcp://') && input.tls)
      throw new ApiError('INVALID_INPUT', 'tls applies to tcp:// engines only');
    const entry: EngineEntry = {
      name,
      url,
      origin: 'added',
      ...(input.tls ? { tls: input.tls } : {}),
      ...(input.identityFile ? { identityFile: input.identityFile } : {}),
      ...(input.knownHostsFile ? { knownHostsFile: input.knownHostsFile } : {}),
    };
    connectionOptions(entry, this.o); // the files it names must be readable
    const state = this.read();
    this.write({ ...state, engines: [...state.engines, entry] });
    return entry;
  }

  /** Forgets an engine (nothing on it is touched); when it was current, the local engine is current again. */
  remove(name: string): void {
    if (name === LOCAL_ENGINE) throw new ApiError('INVALID_INPUT', 'The local engine cannot be removed');
    this.require(name);
    const state = this.read();
    this.write({
      ...(state.current && state.current !== name ? { current: state.current } : {}),
      engines: state.engines.filter((e) => e.name !== name),
    });
  }

  setCurrent(name: string): void {
    if (name !== LOCAL_ENGINE) this.require(name);
    const state = this.read();
    this.write({ ...state, ...(name === LOCAL_ENGINE ? { current: undefined } : { current: name }) });
  }

  /** Adds the docker contexts not added yet (by name); returns their names. */
  importContexts(): string[] {
    const configDir = this.o.env.DOCKER_CONFIG?.trim() || join(this.o.userHome, '.docker');
    const state = this.read();
    const fresh = readDockerContexts(configDir).filter((c) => c.name !== LOCAL_ENGINE && !this.find(c.name));
    if (fresh.length > 0) this.write({ ...state, engines: [...state.engines, ...fresh] });
    return fresh.map((c) => c.name);
  }

  /** What the engine says of itself (version, OS, CPUs, memory, swarm role), or why it did not answer. */
  async summary(name: string, timeoutMs = 10_000): Promise<EngineSummary> {
    const entry = name === LOCAL_ENGINE ? undefined : this.require(name);
    const url = entry ? entry.url : this.o.discovered().url;
    const base: EngineSummary = {
      name,
      url,
      kind: engineKind(url),
      origin: entry ? entry.origin : 'discovered',
      current: this.currentName() === name,
      connected: false,
      swarm: 'unknown',
    };
    const check: HostKeyCheck = { knownHostsFile: '' };
    try {
      const options = entry ? connectionOptions(entry, this.o, check) : this.endpointOf(LOCAL_ENGINE).connect;
      const docker = options ? new Docker(options) : new Docker(localOptions(url));
      const info = (await withTimeout(docker.info(), timeoutMs, url)) as EngineInfo;
      return {
        ...base,
        connected: true,
        ...(info.ServerVersion ? { version: info.ServerVersion } : {}),
        ...(info.OperatingSystem ? { os: info.OperatingSystem } : {}),
        ...(info.NCPU ? { cpus: info.NCPU } : {}),
        ...(info.MemTotal ? { memoryBytes: info.MemTotal } : {}),
        swarm: swarmRole(info),
      };
    } catch (err) {
      const refused = entry ? describeHostKey(entry, check) : undefined;
      return {
        ...base,
        error: refused?.error ?? `No Docker engine answered at ${url}: ${(err as Error).message}`,
        ...(refused ? { hint: refused.hint } : hintFor(entry)),
      };
    }
  }

  private find(name: string): EngineEntry | undefined {
    return this.read().engines.find((e) => e.name === name);
  }

  private require(name: string): EngineEntry {
    const entry = this.find(name);
    if (!entry)
      throw new ApiError('NOT_FOUND', `No engine named '${name}'`, 'See the names with `sutazai engines list`.');
    return entry;
  }

  private read(): StoredEngines {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return { engines: [] };
    }
    try {
      const parsed = JSON.parse(text) as StoredEngines;
      return { ...(parsed.current ? { current: parsed.current } : {}), engines: parsed.engines ?? [] };
    } catch (err) {
      throw new ApiError('INTERNAL', `${this.file} is not valid JSON: ${(err as Error).message}`);
    }
  }

  private write(state: StoredEngines): void {
    ensureAppHome(this.o.home);
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
    renameSync(temp, this.file);
  }
}

interface EngineInfo {
  ServerVersion?: string;
  OperatingSystem?: string;
  NCPU?: number;
  MemTotal?: number;
  Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean };
}

function swarmRole(info: EngineInfo): EngineSummary['swarm'] {
  if (info.Swarm?.LocalNodeState !== 'active') return 'none';
  return info.Swarm.ControlAvailable ? 'manager' : 'worker';
}

function localOptions(url: string): Docker.DockerOptions {
  if (url.startsWith('unix://')) return { socketPath: url.slice('unix://'.length) };
  const { host, port } = hostAndPort(url);
  return { protocol: 'http', host, port };
}

function hintFor(entry: EngineEntry | undefined): { hint: string } | Record<string, never> {
  if (!entry) return {};
  if (entry.url.startsWith('ssh://'))
    return {
      hint: 'Check that `ssh` reaches the host with your key or agent, and that the docker CLI is installed there (the connection runs `docker system dial-stdio`).',
    };
  if (entry.url.startsWith('tcp://'))
    return {
      hint: 'Check that the engine listens there with --tlsverify and that its certificate is signed by the CA you gave.',
    };
  return {};
}

function withTimeout<T>(promise: Promise<T>, ms: number, url: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms from ${url}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
