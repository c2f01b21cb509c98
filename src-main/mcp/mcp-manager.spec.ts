import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { McpServerView } from '../../src-shared/api';
import { EventLog } from '../events';
import { openDatabase, SecretStore, type Db } from '../store';
import { McpManager } from './mcp-manager';
import { McpServerRepository } from './mcp-server-repository';
import { nodeRuntime } from './node-runtime';
import { NpmInstaller } from './npm-installer';

const ROOT = resolve(__dirname, '..', '..');
const bin = (pkg: string): string => join(ROOT, 'node_modules', '@modelcontextprotocol', pkg, 'dist', 'index.js');
const stdio = (pkg: string, ...args: string[]) => ({
  kind: 'stdio' as const,
  command: process.execPath,
  args: [bin(pkg), ...args],
});

async function until<T>(what: string, get: () => T | undefined | false, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('McpManager with the reference servers from npm, through the SDK', () => {
  let dir: string;
  let db: Db;
  let events: EventLog;
  let mcp: McpManager;

  const QUICK = { baseMs: 200, capMs: 1000, jitter: 0, resetAfterMs: 60_000, maxRestarts: 2, windowMs: 60_000 };
  const managers: McpManager[] = [];
  const manager = (policy = QUICK): McpManager => {
    const runtime = nodeRuntime();
    const m = new McpManager({
      repository: new McpServerRepository(db),
      secrets: new SecretStore(db),
      installer: new NpmInstaller(join(dir, 'mcp', 'npm'), runtime),
      runtime,
      record: (e) => events.record(e),
      project: 'sutazai',
      version: '0.0.0-test',
      policy,
    });
    managers.push(m);
    return m;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sutazai-mcp-'));
    db = openDatabase(join(dir, 'db.sqlite'));
    events = new EventLog(db);
    mcp = manager();
    mcp.start();
  });

  afterEach(() => {
    for (const m of managers.splice(0)) m.dispose();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const view = (id: string): McpServerView => mcp.views().find((v) => v.id === id)!;
  const running = (id: string) => until(`${id} running`, () => view(id).state === 'running' && view(id));

  it('runs the filesystem server on a temporary folder: lists its tools, reads and writes there, refuses outside', async () => {
    const folder = join(dir, 'files');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(folder);
    writeFileSync(join(folder, 'notes.txt'), 'hello from the test folder\n');
    const added = await mcp.add({ name: 'files', transport: stdio('server-filesystem', folder) });
    const v = await running(added.id);
    expect(v.pid).toBeGreaterThan(0);
    expect(v.memoryBytes).toBeGreaterThan(10 * 2 ** 20);
    expect(v.serverVersion).toMatch(/filesystem/i);
    const names = v.tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['read_text_file', 'write_file', 'list_directory']));
    expect(v.tools.find((t) => t.name === 'read_text_file')?.readOnly).toBe(true);
    expect(v.tools.find((t) => t.name === 'write_file')?.readOnly).toBe(false);

    const signal = new AbortController().signal;
    const read = await mcp.call(
      added.id,
      'read_text_file',
      { path: join(folder, 'notes.txt') },
      { signal, timeoutMs: 10_000 },
    );
    expect(read).toEqual({ text: 'hello from the test folder\n', isError: false });
    const wrote = await mcp.call(
      added.id,
      'write_file',
      { path: join(folder, 'out.txt'), content: 'written through MCP' },
      { signal, timeoutMs: 10_000 },
    );
    expect(wrote.isError).toBe(false);
    expect(readFileSync(join(folder, 'out.txt'), 'utf8')).toBe('written through MCP');
    const outside = await mcp.call(
      added.id,
      'read_text_file',
      { path: '/etc/hostname' },
      { signal, timeoutMs: 10_000 },
    );
    expect(outside.isError).toBe(true);
    expect(outside.text).toMatch(/outside allowed directories|Access denied/i);
    const unknown = await mcp.call(added.id, 'no_such_tool', {}, { signal, timeoutMs: 10_000 });
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toMatch(/no_such_tool/);
  });

  it('runs memory and everything side by side; prompts and resources are listed; tools come with their server', async () => {
    const memory = await mcp.add({ name: 'memory', transport: stdio('server-memory'), allowReadOnly: false });
    const everything = await mcp.add({ name: 'everything', transport: stdio('server-everything', 'stdio') });
    const m = await running(memory.id);
    const e = await running(everything.id);
    expect(m.tools.map((t) => t.name)).toEqual(expect.arrayContaining(['create_entities', 'read_graph']));
    expect(e.tools.map((t) => t.name)).toEqual(expect.arrayContaining(['echo', 'get-sum']));
    expect(e.prompts.length).toBeGreaterThan(0);
    expect(e.resources.length).toBeGreaterThan(0);
    const offered = await mcp.tools([memory.id, everything.id]);
    expect(offered.unavailable).toEqual([]);
    expect(offered.tools.find((t) => t.tool === 'echo')).toMatchObject({ server: 'everything', allowReadOnly: true });
    expect(offered.tools.find((t) => t.tool === 'read_graph')).toMatchObject({
      server: 'memory',
      allowReadOnly: false,
    });
    const signal = new AbortController().signal;
    expect(await mcp.call(everything.id, 'get-sum', { a: 2, b: 40 }, { signal, timeoutMs: 10_000 })).toMatchObject({
      text: expect.stringContaining('42'),
      isError: false,
    });
    await mcp.call(
      memory.id,
      'create_entities',
      { entities: [{ name: 'sutazai', entityType: 'app', observations: ['runs MCP servers'] }] },
      { signal, timeoutMs: 10_000 },
    );
    const graph = await mcp.call(memory.id, 'read_graph', {}, { signal, timeoutMs: 10_000 });
    expect(graph.text).toContain('runs MCP servers');
  });

  it('a call past its time limit is cancelled, and an aborted call stops at once', async () => {
    const everything = await mcp.add({ name: 'everything', transport: stdio('server-everything', 'stdio') });
    await running(everything.id);
    const long = { duration: 30, steps: 30 };
    const started = Date.now();
    await expect(
      mcp.call(everything.id, 'trigger-long-running-operation', long, {
        signal: new AbortController().signal,
        timeoutMs: 500,
      }),
    ).rejects.toThrow(/timed out/i);
    expect(Date.now() - started).toBeLessThan(5000);
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 300);
    await expect(
      mcp.call(everything.id, 'trigger-long-running-operation', long, { signal: stop.signal, timeoutMs: 60_000 }),
    ).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(8000);
    expect(view(everything.id).state).toBe('running');
  });

  it('a server that is killed is restarted with backoff; one that keeps failing is parked until started again', async () => {
    const memory = await mcp.add({ name: 'memory', transport: stdio('server-memory') });
    const first = await running(memory.id);
    process.kill(first.pid!, 'SIGKILL');
    await until('restarting', () => view(memory.id).state === 'restarting');
    const again = await running(memory.id);
    expect(again.pid).not.toBe(first.pid);
    expect(again.restarts).toBe(1);
    expect(events.list({ service: 'mcp:memory' }).map((e) => e.kind)).toContain('restart-scheduled');
    const signal = new AbortController().signal;
    expect((await mcp.call(memory.id, 'read_graph', {}, { signal, timeoutMs: 10_000 })).isError).toBe(false);

    const broken = await mcp.add({
      name: 'broken',
      transport: {
        kind: 'stdio',
        command: process.execPath,
        args: ['-e', 'console.error("boom: cannot start"); process.exit(3)'],
      },
    });
    const parked = await until('crash-loop', () => view(broken.id).state === 'crash-loop' && view(broken.id), 15_000);
    expect(parked.restarts).toBe(2);
    expect(events.list({ service: 'mcp:broken' }).map((e) => e.kind)).toEqual(
      expect.arrayContaining(['crash-loop', 'restart-scheduled']),
    );
    expect(mcp.log(broken.id).filter((l) => l.text === 'boom: cannot start')).toHaveLength(3);
    await new Promise((r) => setTimeout(r, 1500));
    expect(view(broken.id).state).toBe('crash-loop');
    expect(await mcp.tools([broken.id])).toMatchObject({ tools: [], unavailable: [{ name: 'broken' }] });
    await mcp.restart(broken.id);
    await until('tried again', () => mcp.log(broken.id).filter((l) => l.text === 'boom: cannot start').length === 4);
  });

  it('a missing command fails at once with the reason; secrets reach the server and never its log', async () => {
    const missing = await mcp.add({
      name: 'missing',
      transport: { kind: 'stdio', command: '/nonexistent/mcp-server', args: [] },
    });
    const failed = await until('failed', () => view(missing.id).state === 'failed' && view(missing.id));
    expect(failed.error).toContain('/nonexistent/mcp-server');

    const token = 'ghp_' + 'x'.repeat(36);
    const echo = await mcp.add({
      name: 'prints its token',
      transport: {
        kind: 'stdio',
        command: process.execPath,
        args: ['-e', 'console.error("token=" + process.env.GITHUB_TOKEN); setTimeout(() => process.exit(1), 50)'],
      },
      secrets: { GITHUB_TOKEN: token },
    });
    await until('log line', () => mcp.log(echo.id).some((l) => l.text.startsWith('token=')));
    expect(mcp.log(echo.id).find((l) => l.text.startsWith('token='))?.text).toBe('token=<secret>');
    expect(JSON.stringify(view(echo.id))).not.toContain(token);
    expect(view(echo.id).secrets).toEqual(['GITHUB_TOKEN']);
    const stored = db.prepare("SELECT value FROM secrets WHERE key = 'mcp.prints-its-token.GITHUB_TOKEN'").get() as {
      value: Buffer;
    };
    expect(stored.value.toString()).toBe(token);
    expect(JSON.stringify(db.prepare('SELECT * FROM mcp_servers').all())).not.toContain(token);
    await mcp.remove(echo.id);
    expect(db.prepare('SELECT COUNT(*) AS n FROM secrets').get()).toEqual({ n: 0 });
  });

  it('refuses a folder that does not exist, a taken name, and folders for a server that takes none', async () => {
    await expect(mcp.add({ name: 'fs', catalogId: 'filesystem', folders: [join(dir, 'nope')] })).rejects.toThrow(
      `folders.0: ${join(dir, 'nope')} does not exist`,
    );
    await expect(mcp.add({ name: 'mem', catalogId: 'memory', folders: [dir] })).rejects.toThrow(
      'folders: the Memory server takes no folders',
    );
    await expect(mcp.add({ name: 'gh', catalogId: 'github' })).rejects.toThrow(
      'secrets.GITHUB_PERSONAL_ACCESS_TOKEN: the GitHub server needs its GitHub personal access token',
    );
    await mcp.add({ name: 'once', transport: stdio('server-memory') });
    await expect(mcp.add({ name: 'ONCE', transport: stdio('server-memory') })).rejects.toThrow(
      'An MCP server named ONCE exists',
    );
  });

  it('reaches the everything server over streamable HTTP and over SSE; restarted while the HTTP server is down, it retries until the server is back', async () => {
    const { spawn } = await import('node:child_process');
    const { createServer } = await import('node:net');
    const freePort = () =>
      new Promise<number>((done) => {
        const s = createServer().listen(0, '127.0.0.1', () => {
          const port = (s.address() as { port: number }).port;
          s.close(() => done(port));
        });
      });
    const start = (mode: string, port: number) => {
      const child = spawn(process.execPath, [bin('server-everything'), mode], {
        env: { ...process.env, PORT: String(port) },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      return new Promise<typeof child>((done) =>
        child.stderr.on('data', (d: Buffer) => /listening|running/i.test(d.toString()) && done(child)),
      );
    };
    const httpPort = await freePort();
    const ssePort = await freePort();
    let http = await start('streamableHttp', httpPort);
    const sse = await start('sse', ssePort);
    // Enough restarts allowed to outlast the server's own start on a busy machine.
    mcp.dispose();
    mcp = manager({ ...QUICK, maxRestarts: 50 });
    mcp.start();
    try {
      const h = await mcp.add({
        name: 'everything-http',
        transport: { kind: 'http', url: `http://127.0.0.1:${httpPort}/mcp` },
      });
      const e = await mcp.add({
        name: 'everything-sse',
        transport: { kind: 'sse', url: `http://127.0.0.1:${ssePort}/sse` },
      });
      await running(h.id);
      await running(e.id);
      const signal = new AbortController().signal;
      for (const id of [h.id, e.id]) {
        const echo = await mcp.call(id, 'echo', { message: `over ${id}` }, { signal, timeoutMs: 10_000 });
        expect(echo).toEqual({ text: `Echo: over ${id}`, isError: false });
      }
      // The HTTP server goes away and comes back on the same port: the next start finds it.
      http.kill('SIGKILL');
      await mcp.restart(h.id);
      await until('not running', () => view(h.id).state !== 'running');
      http = await start('streamableHttp', httpPort);
      await running(h.id);
      expect((await mcp.call(h.id, 'echo', { message: 'back' }, { signal, timeoutMs: 10_000 })).text).toBe(
        'Echo: back',
      );
    } finally {
      http.kill('SIGKILL');
      sse.kill('SIGKILL');
    }
  }, 60_000);
});
