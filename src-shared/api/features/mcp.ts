import { z } from 'zod';
import { procedure, stream } from '../define';

/** How the app reaches an MCP server: a child process over stdio, a URL, or a container of the stack. */
export type McpTransport =
  | { kind: 'stdio'; command: string; args: string[]; cwd?: string }
  | { kind: 'http'; url: string }
  | { kind: 'sse'; url: string }
  | { kind: 'container'; image: string; args: string[] };

export type McpServerState =
  'disabled' | 'installing' | 'starting' | 'running' | 'restarting' | 'crash-loop' | 'failed';

export interface McpToolInfo {
  name: string;
  title?: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  /** The server marks it read-only (annotations.readOnlyHint). */
  readOnly: boolean;
}

export interface McpServerView {
  id: string;
  name: string;
  /** The catalogue entry it came from, if any. */
  catalogId?: string;
  transport: McpTransport;
  /** The npm package and version it runs, for catalogue entries published on npm. */
  package?: { name: string; version: string };
  enabled: boolean;
  /** Folders the server may touch (the filesystem server's allowed directories). */
  folders: string[];
  /** Read-only tools of this server run without asking. */
  allowReadOnly: boolean;
  /** Names of the secret variables it gets (their values are never sent to a page). */
  secrets: string[];
  state: McpServerState;
  /** Why it is not running, or what went wrong last. */
  error?: string;
  pid?: number;
  /** Resident memory of its process (child processes; a container's is the guard's and the Metrics page's). */
  memoryBytes?: number;
  restarts: number;
  /** When the server got its current state (ms since the epoch). */
  since: number;
  serverVersion?: string;
  tools: McpToolInfo[];
  prompts: { name: string; description?: string }[];
  resources: { uri: string; name: string; mimeType?: string }[];
}

export interface McpCatalogEntry {
  id: string;
  title: string;
  description: string;
  run: { kind: 'npm'; package: string; version: string } | { kind: 'image'; image: string };
  /** The user names folders for it (filesystem). */
  takesFolders: boolean;
  /** Secret variables it needs (GitHub's token). */
  secrets: { name: string; label: string }[];
  note?: string;
}

export interface McpLogLine {
  time: number;
  text: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,59}$/;
export const mcpServerId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a server id');
const serverName = z.string().trim().regex(NAME, 'use 1 to 60 letters, digits, spaces, dots, dashes or underscores');
const absoluteFolder = z
  .string()
  .max(4096)
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p), 'must be an absolute path');
const secretValues = z.record(
  z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'must be an environment variable name'),
  z.string().min(1).max(4096),
);
const serverUrl = z
  .string()
  .max(2000)
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// address');

export const mcpTransportInput = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('stdio'),
      command: z.string().trim().min(1).max(1000),
      args: z.array(z.string().max(4096)).max(64),
      cwd: absoluteFolder.optional(),
    })
    .strict(),
  z.object({ kind: z.literal('http'), url: serverUrl }).strict(),
  z.object({ kind: z.literal('sse'), url: serverUrl }).strict(),
  z
    .object({
      kind: z.literal('container'),
      image: z.string().regex(/^[a-z0-9][a-z0-9._/:@-]{0,254}$/, 'must be an image reference such as mcp/fetch:latest'),
      args: z.array(z.string().max(4096)).max(64),
    })
    .strict(),
]);

export const mcpAddInput = z
  .object({
    name: serverName,
    /** A catalogue entry; without it, `transport` says how to run the server. */
    catalogId: z.string().max(60).optional(),
    transport: mcpTransportInput.optional(),
    folders: z.array(absoluteFolder).max(32).optional(),
    secrets: secretValues.optional(),
    allowReadOnly: z.boolean().optional(),
  })
  .strict()
  .refine((v) => Boolean(v.catalogId) !== Boolean(v.transport), {
    message: 'give either catalogId (a catalogue entry) or transport (a server of your own)',
    path: ['transport'],
  });

const id = mcpServerId;
const empty = z.object({}).strict();

export const mcpContract = {
  'mcp:catalog': procedure(empty).returns<McpCatalogEntry[]>(),
  'mcp:servers': procedure(empty).returns<McpServerView[]>(),
  /** Adds a server (installing a catalogue entry's npm package first) and starts it. */
  'mcp:add': procedure(mcpAddInput).returns<McpServerView>(),
  'mcp:update': procedure(
    z
      .object({
        id,
        enabled: z.boolean().optional(),
        folders: z.array(absoluteFolder).max(32).optional(),
        allowReadOnly: z.boolean().optional(),
        secrets: secretValues.optional(),
      })
      .strict(),
  ).returns<McpServerView>(),
  'mcp:remove': procedure(z.object({ id }).strict()).returns<{ removed: string }>(),
  /** Starts a server again (after a crash loop or a failure), with a clean restart record. */
  'mcp:restart': procedure(z.object({ id }).strict()).returns<McpServerView>(),
  /** The server's stderr, newest last (secrets redacted). */
  'mcp:log': procedure(z.object({ id }).strict()).returns<McpLogLine[]>(),
  'mcp:watch': stream(empty).emits<McpServerView[]>(),
};
