import { z } from 'zod';
import { procedure } from '../define';

/** One engine the app can manage a stack on, as the Engines page and `sutazai engines list` show it. */
export interface EngineSummary {
  name: string;
  url: string;
  kind: 'socket' | 'ssh' | 'tcp';
  /** `discovered`: the engine found on this machine; `added` by the user; `context`: imported from a docker context. */
  origin: 'discovered' | 'added' | 'context';
  /** The engine the app's stack, supervision and guard use now. */
  current: boolean;
  connected: boolean;
  version?: string;
  os?: string;
  cpus?: number;
  memoryBytes?: number;
  /** The engine's part in a Docker Swarm. */
  swarm: 'manager' | 'worker' | 'none' | 'unknown';
  /** When not connected: what went wrong, and how to fix it. */
  error?: string;
  hint?: string;
}

/** The host figures of the machine the current engine runs on, and where they come from. */
export interface EngineHostFigures {
  engine: string;
  /** `this machine`: read from /proc here; `probe`: a probe container on the engine reads the machine's /proc. */
  source: 'this machine' | 'probe';
  totalBytes: number;
  availableBytes: number;
  swapTotalBytes: number;
  swapFreeBytes: number;
  pressureSome10?: number;
  /** From the probe only (two samples apart). */
  cpuPercent?: number;
  sampledAt: number;
}

/** The name the user gives an engine: letters, digits, `.`, `_` and `-`. */
export const engineName = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/,
    'use 1-63 letters, digits, ".", "_" or "-", starting with a letter or digit',
  );

const filePath = z.string().trim().min(1, 'give the path of the file');

export const engineAddInput = z
  .object({
    name: engineName,
    url: z
      .string()
      .trim()
      .regex(/^(ssh|tcp|unix):\/\/\S+$/, 'use ssh://user@host[:port], tcp://host:2376 (with TLS) or unix:///path'),
    /** Client certificate files for tcp:// (the CA that signed the engine's certificate, and the client's pair). */
    tls: z.object({ ca: filePath, cert: filePath, key: filePath }).strict().optional(),
    /** ssh://: a private key file besides the SSH agent's keys and the user's default keys. */
    identityFile: filePath.optional(),
    /** ssh://: the known_hosts file to check the host key against (default ~/.ssh/known_hosts). */
    knownHostsFile: filePath.optional(),
  })
  .strict();

export type EngineAddInput = z.input<typeof engineAddInput>;

export const enginesContract = {
  'engines:list': procedure(z.object({}).strict()).returns<EngineSummary[]>(),
  'engines:add': procedure(engineAddInput).returns<EngineSummary>(),
  'engines:remove': procedure(z.object({ name: engineName }).strict()).returns<{ removed: string }>(),
  /** Makes the engine current: the stack, supervision, logs, events and the guard use it from now on. */
  'engines:use': procedure(z.object({ name: engineName }).strict()).returns<EngineSummary>(),
  /** Adds the user's docker contexts (~/.docker/contexts) not added yet; returns the names added. */
  'engines:importContexts': procedure(z.object({}).strict()).returns<{ imported: string[] }>(),
  /** Memory, pressure and CPU of the current engine's machine (a probe container reads them on a remote engine). */
  'engines:hostFigures': procedure(z.object({}).strict()).returns<EngineHostFigures>(),
};
