import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { statSync } from 'node:fs';
import { ApiError, type McpLogLine, type McpServerView, type McpTransport } from '../../src-shared/api';
import type { z } from 'zod';
import type { mcpAddInput } from '../../src-shared/api/features/mcp';
import { Emitter, type IDisposable } from '../base';
import type { OfferedTool, ToolHost, ToolResult } from '../chat';
import type { NewEvent } from '../events';
import type { SecretStore } from '../store';
import { DEFAULT_RESTART_POLICY, type RestartPolicy } from '../supervisor';
import { catalogEntry } from './mcp-catalog';
import { McpLog } from './mcp-log';
import type { McpServerRecord, McpServerRepository } from './mcp-server-repository';
import type { NodeRuntime } from './node-runtime';
import type { NpmInstaller } from './npm-installer';
import { residentBytes } from './process-memory';
import type { TransportPlan } from './server-transport';
import { SupervisedServer } from './supervised-server';

export type McpAddInput = z.output<typeof mcpAddInput>;

export interface McpManagerOptions {
  repository: McpServerRepository;
  secrets: SecretStore;
  installer: NpmInstaller;
  runtime: NodeRuntime;
  /** Records supervision events (crashes, restarts, crash loops) on the Events page. */
  record: (e: NewEvent) => void;
  project: string;
  version: string;
  /** Runs container servers on the stack's engine; without it, they cannot start. */
  containers?: {
    transport: (record: McpServerRecord, plan: TransportPlan, log: McpLog) => Transport | Promise<Transport>;
    /** Removes the server's container (it is made anew with the server's settings at its next start). */
    remove: (record: McpServerRecord) => Promise<void>;
  };
  policy?: RestartPolicy;
  connectTimeoutMs?: number;
  now?: () => number;
}

interface Entry {
  server: SupervisedServer;
  log: McpLog;
  /** The secret values it was given (redacted from its log). */
  secretValues: string[];
}

// The SDK's transports are loaded with the first server that starts: most runs have none, and the
// SDK costs the app about 10 MB of memory.
let transports: typeof import('./server-transport') | undefined;
async function loadTransports(): Promise<typeof import('./server-transport')> {
  transports ??= await import('./server-transport');
  return transports;
}

/**
 * The MCP servers the user added: each kept running while enabled (supervised), its tools, prompts
 * and resources listed, its stderr kept as a log. It is also the chat's tool host.
 */
export class McpManager implements ToolHost, IDisposable {
  private readonly entries = new Map<string, Entry>();
  private readonly changed = new Emitter<McpServerView[]>();
  private pendingChange = false;
  private started = false;

  constructor(private readonly o: McpManagerOptions) {}

  /** Starts every enabled server (hosts that keep running call this once). */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const r of this.o.repository.list()) if (r.enabled) this.launch(r);
  }

  views(): McpServerView[] {
    return this.o.repository.list().map((r) => this.view(r));
  }

  view(r: McpServerRecord): McpServerView {
    const e = this.entries.get(r.id);
    const s = e?.server;
    return {
      id: r.id,
      name: r.name,
      ...(r.catalogId ? { catalogId: r.catalogId } : {}),
      transport: this.shownTransport(r),
      ...(r.package ? { package: r.package } : {}),
      enabled: r.enabled,
      folders: r.folders,
      allowReadOnly: r.allowReadOnly,
      secrets: r.secrets,
      state: r.enabled && s ? s.state : 'disabled',
      ...(s?.error ? { error: s.error } : {}),
      ...(s?.pid ? { pid: s.pid } : {}),
      ...(s?.pid && residentBytes(s.pid) ? { memoryBytes: residentBytes(s.pid)! } : {}),
      restarts: s?.restarts ?? 0,
      since: s?.since ?? r.createdAt,
      ...(s?.listing?.serverVersion ? { serverVersion: s.listing.serverVersion } : {}),
      tools: s?.state === 'running' ? (s.listing?.tools ?? []) : [],
      prompts: s?.state === 'running' ? (s.listing?.prompts ?? []) : [],
      resources: s?.state === 'running' ? (s.listing?.resources ?? []) : [],
    };
  }

  watch(listener: (views: McpServerView[]) => void): IDisposable {
    const sub = this.changed.event(listener);
    listener(this.views());
    return sub;
  }

  mustGet(id: string): McpServerRecord {
    const r = this.o.repository.get(id);
    if (!r) throw new ApiError('NOT_FOUND', `No MCP server ${id}`);
    return r;
  }

  async add(input: McpAddInput): Promise<McpServerView> {
    if (this.o.repository.byName(input.name)) {
      throw new ApiError('CONFLICT', `An MCP server named ${input.name} exists`, 'Give this one another name.');
    }
    const entry = input.catalogId ? catalogEntry(input.catalogId) : undefined;
    if (input.catalogId && !entry)
      throw new ApiError('INVALID_INPUT', `catalogId: no catalogue entry '${input.catalogId}'`);
    const folders = checkFolders(input.folders ?? []);
    if (folders.length && entry && !entry.takesFolders)
      throw new ApiError('INVALID_INPUT', `folders: the ${entry.title} server takes no folders`);
    const secrets = input.secrets ?? {};
    const missing = entry?.secrets.filter((s) => !secrets[s.name]) ?? [];
    if (missing.length)
      throw new ApiError(
        'INVALID_INPUT',
        `secrets.${missing[0]!.name}: the ${entry!.title} server needs its ${missing[0]!.label}`,
      );
    let transport: McpTransport;
    if (entry?.run.kind === 'npm') transport = { kind: 'stdio', command: '', args: [] };
    else if (entry?.run.kind === 'image') transport = { kind: 'container', image: entry.run.image, args: [] };
    else transport = input.transport!;
    const record: McpServerRecord = {
      id: this.newId(input.name),
      name: input.name,
      ...(entry ? { catalogId: entry.id } : {}),
      transport,
      ...(entry?.run.kind === 'npm' ? { package: { name: entry.run.package, version: entry.run.version } } : {}),
      enabled: true,
      folders,
      allowReadOnly: input.allowReadOnly ?? true,
      secrets: Object.keys(secrets),
      createdAt: (this.o.now ?? Date.now)(),
    };
    for (const [name, value] of Object.entries(secrets)) await this.o.secrets.set(secretKey(record.id, name), value);
    this.o.repository.save(record);
    this.launch(record);
    return this.view(record);
  }

  async update(input: {
    id: string;
    enabled?: boolean | undefined;
    folders?: string[] | undefined;
    allowReadOnly?: boolean | undefined;
    secrets?: Record<string, string> | undefined;
  }): Promise<McpServerView> {
    const r = this.mustGet(input.id);
    const next: McpServerRecord = { ...r };
    if (input.folders) {
      if (input.folders.length && r.catalogId && !catalogEntry(r.catalogId)?.takesFolders)
        throw new ApiError('INVALID_INPUT', `folders: the ${r.name} server takes no folders`);
      next.folders = checkFolders(input.folders);
    }
    if (input.allowReadOnly !== undefined) next.allowReadOnly = input.allowReadOnly;
    if (input.enabled !== undefined) next.enabled = input.enabled;
    for (const [name, value] of Object.entries(input.secrets ?? {})) {
      await this.o.secrets.set(secretKey(r.id, name), value);
      if (!next.secrets.includes(name)) next.secrets = [...next.secrets, name];
    }
    this.o.repository.save(next);
    // What the process was started with changed: it starts again with the new settings.
    const relaunch = input.folders !== undefined || input.secrets !== undefined || input.enabled !== undefined;
    if (relaunch) {
      await this.halt(r.id);
      if (next.enabled && this.started) this.launch(next);
    }
    this.notify();
    return this.view(next);
  }

  async remove(id: string): Promise<void> {
    const r = this.mustGet(id);
    await this.halt(id);
    for (const name of r.secrets) this.o.secrets.delete(secretKey(id, name));
    this.o.repository.delete(id);
    this.notify();
  }

  async restart(id: string): Promise<McpServerView> {
    const r = this.mustGet(id);
    if (!r.enabled) throw new ApiError('CONFLICT', `${r.name} is disabled`, 'Enable it to start it.');
    const e = this.entries.get(id);
    if (e) await e.server.restart();
    else this.launch(r);
    return this.view(r);
  }

  log(id: string): McpLogLine[] {
    this.mustGet(id);
    return this.entries.get(id)?.log.all() ?? [];
  }

  async tools(serverIds: string[]): Promise<{ tools: OfferedTool[]; unavailable: { name: string; reason: string }[] }> {
    const tools: OfferedTool[] = [];
    const unavailable: { name: string; reason: string }[] = [];
    for (const id of serverIds) {
      const r = this.o.repository.get(id);
      const s = this.entries.get(id)?.server;
      if (!r) {
        unavailable.push({ name: id, reason: 'removed' });
        continue;
      }
      if (!r.enabled || !s || s.state !== 'running' || !s.listing) {
        unavailable.push({ name: r.name, reason: r.enabled ? (s?.error ?? s?.state ?? 'not started') : 'disabled' });
        continue;
      }
      for (const t of s.listing.tools) {
        tools.push({
          serverId: r.id,
          server: r.name,
          tool: t.name,
          description: t.description ?? t.title ?? '',
          inputSchema: t.inputSchema,
          readOnly: t.readOnly,
          allowReadOnly: r.allowReadOnly,
        });
      }
    }
    return { tools, unavailable };
  }

  async call(
    serverId: string,
    tool: string,
    args: Record<string, unknown>,
    options: { signal: AbortSignal; timeoutMs: number },
  ): Promise<ToolResult> {
    const r = this.mustGet(serverId);
    const c = this.entries.get(serverId)?.server.connection;
    if (!c?.isOpen) throw new ApiError('UNAVAILABLE', `The MCP server ${r.name} is not running`);
    return c.callTool(tool, args, options);
  }

  dispose(): void {
    for (const e of this.entries.values()) e.server.dispose();
    this.entries.clear();
    this.changed.dispose();
  }

  private launch(r: McpServerRecord): void {
    const log = this.entries.get(r.id)?.log ?? new McpLog(() => this.entries.get(r.id)?.secretValues ?? []);
    const entry: Entry = { log, secretValues: [], server: undefined as unknown as SupervisedServer };
    const pkg = r.package;
    entry.server = new SupervisedServer({
      name: r.name,
      ...(pkg && !this.o.installer.binOf(pkg.name, pkg.version)
        ? { prepare: async () => void (await this.o.installer.install(pkg.name, pkg.version, (t) => log.write(t))) }
        : {}),
      transport: async () => {
        const current = this.mustGet(r.id);
        const plan = await this.plan(current, entry);
        if (plan.transport.kind === 'container') {
          if (!this.o.containers)
            throw new ApiError('UNAVAILABLE', 'Container servers need the Docker engine, which this app mode has not');
          log.note(`starting: container of ${plan.transport.image} ${plan.transport.args.join(' ')}`.trim());
          return this.o.containers.transport(current, plan, log);
        }
        log.note(
          `starting: ${[plan.transport.kind === 'stdio' ? plan.transport.command : '', ...argsOf(plan.transport)].join(' ').trim()}`,
        );
        const { sdkTransport } = await loadTransports();
        return sdkTransport(plan, log);
      },
      pidOf: (t) => transports?.pidOf(t),
      policy: this.o.policy ?? DEFAULT_RESTART_POLICY,
      log,
      record: (e) => this.o.record({ ...e, project: this.o.project, service: `mcp:${r.name}` }),
      onChange: () => this.notify(),
      version: this.o.version,
      ...(this.o.connectTimeoutMs ? { connectTimeoutMs: this.o.connectTimeoutMs } : {}),
      ...(this.o.now ? { now: this.o.now } : {}),
    });
    this.entries.set(r.id, entry);
    entry.server.start();
  }

  private async halt(id: string): Promise<void> {
    const e = this.entries.get(id);
    this.entries.delete(id);
    await e?.server.stop();
    const r = this.o.repository.get(id);
    if (r?.transport.kind === 'container') await this.o.containers?.remove(r);
  }

  /** The command a server runs with now: a catalogue package through this Node, with its folders. */
  private async plan(r: McpServerRecord, entry: Entry): Promise<TransportPlan> {
    const env: Record<string, string> = {};
    for (const name of r.secrets) {
      const value = await this.o.secrets.get(secretKey(r.id, name));
      if (value !== undefined) env[name] = value;
    }
    entry.secretValues = Object.values(env);
    return { transport: this.resolvedTransport(r), env };
  }

  private resolvedTransport(r: McpServerRecord): McpTransport {
    const t = r.transport;
    if (r.package) {
      const bin = this.o.installer.binOf(r.package.name, r.package.version);
      const pkg = `${r.package.name}@${r.package.version} (not installed yet)`;
      return { kind: 'stdio', command: this.o.runtime.node, args: [bin ?? pkg, ...argsOf(t), ...r.folders] };
    }
    // A container server gets its folders mounted at the same paths, not as arguments.
    return t;
  }

  private shownTransport(r: McpServerRecord): McpTransport {
    return this.resolvedTransport(r);
  }

  private newId(name: string): string {
    const base =
      name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 40) || 'server';
    let id = base;
    for (let n = 2; this.o.repository.get(id); n++) id = `${base}-${n}`;
    return id;
  }

  /** Listeners get the views once per turn of the event loop, however many changes it had. */
  private notify(): void {
    if (this.pendingChange || !this.changed.hasListeners) return;
    this.pendingChange = true;
    queueMicrotask(() => {
      this.pendingChange = false;
      this.changed.fire(this.views());
    });
  }
}

function argsOf(t: McpTransport): string[] {
  return t.kind === 'stdio' || t.kind === 'container' ? t.args : [t.url];
}

export function secretKey(serverId: string, name: string): string {
  return `mcp.${serverId}.${name}`;
}

function checkFolders(folders: string[]): string[] {
  folders.forEach((f, i) => {
    let dir = false;
    try {
      dir = statSync(f).isDirectory();
    } catch {
      throw new ApiError('INVALID_INPUT', `folders.${i}: ${f} does not exist`);
    }
    if (!dir) throw new ApiError('INVALID_INPUT', `folders.${i}: ${f} is not a folder`);
  });
  return [...new Set(folders)];
}
