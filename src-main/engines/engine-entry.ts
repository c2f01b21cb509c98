/** An engine the user added or imported, as kept in the app home's engines.json. */
export interface EngineEntry {
  name: string;
  url: string;
  origin: 'added' | 'context';
  tls?: { ca: string; cert: string; key: string };
  identityFile?: string;
  knownHostsFile?: string;
}

/** The name of the engine found on this machine (DOCKER_HOST, the current context or a well-known socket). */
export const LOCAL_ENGINE = 'local';

export function engineKind(url: string): 'socket' | 'ssh' | 'tcp' {
  if (url.startsWith('ssh://')) return 'ssh';
  if (url.startsWith('tcp://') || url.startsWith('http')) return 'tcp';
  return 'socket';
}

/** Host and port of an ssh:// or tcp:// URL, with the default port of each. */
export function hostAndPort(url: string): { host: string; port: number; user?: string } {
  const parsed = new URL(url.replace(/^tcp:/, 'http:'));
  const ssh = parsed.protocol === 'ssh:';
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = parsed.port ? Number(parsed.port) : ssh ? 22 : 2376;
  return { host, port, ...(ssh && parsed.username ? { user: decodeURIComponent(parsed.username) } : {}) };
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}
