import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { EngineStatus } from '../../src-shared/api';

export interface EngineEndpoint {
  /** `unix:///path`, `tcp://host:port`, `npipe:////./pipe/name` or `ssh://user@host`. */
  url: string;
  source: EngineStatus['source'];
  /** Context name when the endpoint came from a docker context. */
  context?: string;
  tried: string[];
  tls?: { verify: boolean; certPath?: string };
  /** Complete connection options (an added engine: ssh with its host-key check, TLS with its files). */
  connect?: Docker.DockerOptions;
}

export interface DiscoveryInput {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
  uid?: number;
  exists?: (path: string) => boolean;
  readFile?: (path: string) => string;
}

/**
 * Finds the engine the way the docker CLI does: DOCKER_HOST first, then the current context
 * (DOCKER_CONTEXT or the config file's currentContext), then the well-known sockets of Docker
 * Engine, rootless Docker, Docker Desktop, Podman, Colima, Rancher Desktop and OrbStack.
 */
export function discoverEngine(input: DiscoveryInput = {}): EngineEndpoint {
  const env = input.env ?? process.env;
  const platform = input.platform ?? process.platform;
  const home = input.home ?? homedir();
  const exists = input.exists ?? existsSync;
  const readFile = input.readFile ?? ((p: string) => readFileSync(p, 'utf8'));

  const dockerHost = env.DOCKER_HOST?.trim();
  if (dockerHost) {
    return {
      url: dockerHost,
      source: 'DOCKER_HOST',
      tried: [dockerHost],
      ...tlsFromEnv(env),
    };
  }

  const configDir = env.DOCKER_CONFIG?.trim() || join(home, '.docker');
  const contextName = env.DOCKER_CONTEXT?.trim() || readCurrentContext(configDir, readFile);
  if (contextName && contextName !== 'default') {
    const host = readContextHost(configDir, contextName, readFile);
    if (host)
      return { url: host, source: 'context', context: contextName, tried: [`${host} (context ${contextName})`] };
  }

  const candidates = defaultSockets(platform, home, env, input.uid ?? process.getuid?.() ?? 0);
  const found = candidates.find((c) => c.startsWith('npipe:') || exists(c.replace(/^unix:\/\//, '')));
  return {
    url: found ?? candidates[0]!,
    source: 'default-socket',
    tried: found ? candidates.slice(0, candidates.indexOf(found) + 1) : candidates,
  };
}

export function defaultSockets(platform: NodeJS.Platform, home: string, env: NodeJS.ProcessEnv, uid: number): string[] {
  if (platform === 'win32') {
    return ['npipe:////./pipe/docker_engine', 'npipe:////./pipe/podman-machine-default'];
  }
  const runtimeDir = env.XDG_RUNTIME_DIR || `/run/user/${uid}`;
  const paths =
    platform === 'darwin'
      ? [
          join(home, '.docker/run/docker.sock'),
          '/var/run/docker.sock',
          join(home, '.colima/default/docker.sock'),
          join(home, '.colima/docker.sock'),
          join(home, '.orbstack/run/docker.sock'),
          join(home, '.rd/docker.sock'),
          join(home, '.local/share/containers/podman/machine/podman.sock'),
        ]
      : [
          '/var/run/docker.sock',
          join(runtimeDir, 'docker.sock'),
          join(home, '.docker/desktop/docker.sock'),
          join(home, '.docker/run/docker.sock'),
          join(runtimeDir, 'podman/podman.sock'),
          '/run/podman/podman.sock',
          join(home, '.colima/default/docker.sock'),
          join(home, '.colima/docker.sock'),
          join(home, '.rd/docker.sock'),
        ];
  return paths.map((p) => `unix://${p}`);
}

function tlsFromEnv(env: NodeJS.ProcessEnv): Pick<EngineEndpoint, 'tls'> {
  const verify = env.DOCKER_TLS_VERIFY !== undefined && env.DOCKER_TLS_VERIFY !== '' && env.DOCKER_TLS_VERIFY !== '0';
  if (!verify && !env.DOCKER_CERT_PATH) return {};
  return { tls: { verify, ...(env.DOCKER_CERT_PATH ? { certPath: env.DOCKER_CERT_PATH } : {}) } };
}

function readCurrentContext(configDir: string, readFile: (p: string) => string): string | undefined {
  try {
    const config = JSON.parse(readFile(join(configDir, 'config.json'))) as { currentContext?: unknown };
    return typeof config.currentContext === 'string' ? config.currentContext : undefined;
  } catch {
    return undefined;
  }
}

function readContextHost(configDir: string, name: string, readFile: (p: string) => string): string | undefined {
  const id = createHash('sha256').update(name).digest('hex');
  try {
    const meta = JSON.parse(readFile(join(configDir, 'contexts', 'meta', id, 'meta.json'))) as {
      Endpoints?: { docker?: { Host?: unknown } };
    };
    const host = meta.Endpoints?.docker?.Host;
    return typeof host === 'string' && host !== '' ? host : undefined;
  } catch {
    return undefined;
  }
}
