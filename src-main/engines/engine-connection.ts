import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { ApiError } from '../../src-shared/api';
import { hostAndPort, type EngineEntry } from './engine-entry';
import { checkHostKey, knownHostName, parseKnownHosts, type HostKeyVerdict } from './known-hosts';

export interface ConnectionContext {
  env: NodeJS.ProcessEnv;
  /** The user's home, where ~/.ssh lives. */
  userHome: string;
}

/** The last host-key check of an ssh engine, so a refused connection can say why. */
export interface HostKeyCheck {
  verdict?: HostKeyVerdict;
  knownHostsFile: string;
}

function readRequired(path: string, what: string, engine: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new ApiError(
      'INVALID_INPUT',
      `engine '${engine}': cannot read the ${what} at ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
}

const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

/**
 * dockerode's options for an added engine. ssh: the user's agent (SSH_AUTH_SOCK) and key file,
 * with the host key checked against known_hosts (an unknown or changed key is refused). tcp: TLS
 * with the client certificate; the engine's certificate must be signed by the given CA.
 */
export function connectionOptions(
  entry: EngineEntry,
  context: ConnectionContext,
  check: HostKeyCheck = { knownHostsFile: '' },
): Docker.DockerOptions {
  if (entry.url.startsWith('unix://')) return { socketPath: entry.url.slice('unix://'.length) };
  const { host, port, user } = hostAndPort(entry.url);
  if (entry.url.startsWith('ssh://')) {
    const knownHostsFile = entry.knownHostsFile ?? join(context.userHome, '.ssh', 'known_hosts');
    check.knownHostsFile = knownHostsFile;
    const keyFile =
      entry.identityFile ?? DEFAULT_KEYS.map((k) => join(context.userHome, '.ssh', k)).find((f) => existsSync(f));
    const sshOptions = {
      ...(context.env.SSH_AUTH_SOCK ? { agent: context.env.SSH_AUTH_SOCK } : {}),
      ...(keyFile ? { privateKey: readRequired(keyFile, 'SSH key', entry.name) } : {}),
      readyTimeout: 10_000,
      hostVerifier: (key: Buffer) => {
        let text = '';
        try {
          text = readFileSync(knownHostsFile, 'utf8');
        } catch {
          // no known_hosts: every host is unknown
        }
        check.verdict = checkHostKey(parseKnownHosts(text), host, port, key);
        return check.verdict === 'match';
      },
    };
    return {
      protocol: 'ssh',
      host,
      port,
      username: user ?? userInfo().username,
      sshOptions,
    } as Docker.DockerOptions;
  }
  if (!entry.tls) return { protocol: 'http', host, port };
  return {
    protocol: 'https',
    host,
    port,
    ca: readRequired(entry.tls.ca, 'CA certificate', entry.name),
    cert: readRequired(entry.tls.cert, 'client certificate', entry.name),
    key: readRequired(entry.tls.key, 'client key', entry.name),
  };
}

/** A refused host key said plainly, with what to do. */
export function describeHostKey(entry: EngineEntry, check: HostKeyCheck): { error: string; hint: string } | undefined {
  if (!check.verdict || check.verdict === 'match') return undefined;
  const { host, port } = hostAndPort(entry.url);
  const name = knownHostName(host, port);
  if (check.verdict === 'unknown')
    return {
      error: `The host key of ${name} is not in ${check.knownHostsFile}`,
      hint: `Check the host's key fingerprint, then add it: ssh-keyscan -p ${port} ${host} >> ${check.knownHostsFile} (or connect once with ssh).`,
    };
  return {
    error: `The host key of ${name} does not match the one in ${check.knownHostsFile} (${check.verdict === 'revoked' ? 'it is revoked' : 'it changed'})`,
    hint: 'Someone may be intercepting the connection, or the host was reinstalled: confirm the new key with its owner before replacing the line.',
  };
}
