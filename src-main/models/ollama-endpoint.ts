import type Docker from 'dockerode';
import { ApiError, type OllamaUrlSource } from '../../src-shared/api';
import { listProjectContainers } from '../engine';
import type { SettingsRepository } from '../store';

export const OLLAMA_URL_SETTING = 'ollama.url';
export const DEFAULT_OLLAMA_URL = 'http://127.0.0.1:11434';

export interface OllamaEndpoint {
  url: string;
  source: OllamaUrlSource;
}

export interface EndpointSources {
  /** `sutazai serve --ollama-url URL`. */
  flag?: string;
  settings: SettingsRepository;
  env: NodeJS.ProcessEnv;
  /** The engine and the stack's compose project, to find the stack's ollama service. */
  docker?: Docker;
  project?: string;
  /**
   * For an engine on another machine: a local URL leading to `host:port` of that machine through the
   * engine connection (undefined while the engine is on this machine).
   */
  tunnel?: (host: string, port: number) => Promise<string> | undefined;
}

/** Accepts http(s)://host[:port] (or host:port as OLLAMA_HOST allows) and returns a clean base URL. */
export function normalizeOllamaUrl(raw: string, where: string): string {
  const text = raw.trim();
  const withScheme = /^[a-z]+:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ApiError(
      'INVALID_INPUT',
      `${where}: "${raw}" is not a URL`,
      'Give it as http://host:port, e.g. http://127.0.0.1:11434.',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ApiError('INVALID_INPUT', `${where}: "${raw}" must use http or https, not ${url.protocol}`);
  }
  if (!url.port && !/^[a-z]+:\/\//i.test(text)) url.port = '11434';
  return url.origin;
}

/**
 * The Ollama the app talks to, tried in this order: the serve flag, the URL saved in settings,
 * OLLAMA_HOST, the running stack's ollama container (its published port), then the default port.
 */
export async function resolveOllamaEndpoint(sources: EndpointSources): Promise<OllamaEndpoint> {
  if (sources.flag) return { url: normalizeOllamaUrl(sources.flag, '--ollama-url'), source: 'flag' };
  const saved = sources.settings.get<string>(OLLAMA_URL_SETTING);
  if (saved) return { url: normalizeOllamaUrl(saved, 'the saved Ollama URL'), source: 'settings' };
  const env = sources.env.OLLAMA_HOST;
  if (env) return { url: normalizeOllamaUrl(env, 'OLLAMA_HOST'), source: 'env' };
  const fromStack =
    sources.docker && sources.project ? await stackOllamaUrl(sources.docker, sources.project) : undefined;
  if (fromStack) {
    const { hostname, port } = new URL(fromStack);
    const through = sources.tunnel?.(hostname.replace(/^\[(.*)\]$/, '$1'), Number(port));
    if (through) return { url: await through, source: 'stack' };
    return { url: fromStack, source: 'stack' };
  }
  return { url: DEFAULT_OLLAMA_URL, source: 'default' };
}

/** The published port of the project's running `ollama` service. */
export function stackOllamaUrl(docker: Docker, project: string): Promise<string | undefined> {
  return stackServiceUrl(docker, project, 'ollama', 11434);
}

/** http://host:port where the running stack publishes `service`'s `containerPort`, if it does. */
export async function stackServiceUrl(
  docker: Docker,
  project: string,
  service: string,
  containerPort: number,
): Promise<string | undefined> {
  try {
    for (const { info: c } of await listProjectContainers(docker, project, { service, running: true })) {
      const port =
        c.Ports.find((p) => p.PrivatePort === containerPort && p.PublicPort) ?? c.Ports.find((p) => p.PublicPort);
      if (port?.PublicPort) {
        const ip = !port.IP || port.IP === '0.0.0.0' || port.IP === '::' ? '127.0.0.1' : port.IP;
        return `http://${ip.includes(':') ? `[${ip}]` : ip}:${port.PublicPort}`;
      }
    }
  } catch {
    // No engine: the other sources decide.
  }
  return undefined;
}
