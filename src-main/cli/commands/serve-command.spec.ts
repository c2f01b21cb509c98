import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultBridgeGateway, discoverEngine, EngineClient } from '../../engine';
import { EventLog } from '../../events';
import { openDatabase } from '../../store';
import { httpRequest, rawExchange } from '../../../test-support/raw-http';
import { runCli } from '../run-cli';

// `sutazai serve` in a process of its own (through tsx, from source), made to fail the way a bug
// in the core would, to see what its last-resort handler does.
const ROOT = resolve(__dirname, '..', '..', '..');
const homes: string[] = [];
const children: ChildProcess[] = [];

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
  for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true });
});

interface Started {
  child: ChildProcess;
  home: string;
  base: string;
  token: string;
  output: () => string;
  exited: Promise<number | null>;
}

async function startFailing(mode: 'reject' | 'throw'): Promise<Started> {
  const home = mkdtempSync(join(tmpdir(), 'sutazai-fault-'));
  homes.push(home);
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'test-support', 'serve-with-fault.ts'),
      mode,
      '--port',
      '0',
      '--stack-port',
      '0',
      '--project',
      `sutazai-fault-${process.pid}`,
    ],
    {
      cwd: ROOT,
      env: { ...process.env, SUTAZAI_HOME: home, SUTAZAI_TOKEN: undefined },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const deadline = Date.now() + 45_000;
  while (!/failure made/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`serve did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const url = new URL(/SutazAI Control Center at (\S+)/.exec(output)![1]!);
  return { child, home, base: url.origin, token: url.searchParams.get('token')!, output: () => output, exited };
}

describe('sutazai serve last-resort handler', () => {
  it('records an unhandled rejection as an internal-error event and keeps serving', async () => {
    const s = await startFailing('reject');
    await expect
      .poll(() => /internal error \(kept running\): a rejection nobody handled/.test(s.output()), { timeout: 10_000 })
      .toBe(true);
    const auth = { Authorization: `Bearer ${s.token}` };
    const events = (await (await fetch(`${s.base}/api/v1/events?kind=internal-error`, { headers: auth })).json()) as {
      message: string;
      severity: string;
      data: { origin: string; fatal: boolean; stack: string };
    }[];
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      severity: 'critical',
      message: 'Internal error, kept running: a rejection nobody handled',
    });
    expect(events[0]!.data).toMatchObject({ origin: 'unhandledRejection', fatal: false });
    expect(events[0]!.data.stack).toContain('serve-with-fault.ts');
    // Still alive: the API answers and the host sampler (which runs on its own timer) still samples.
    const first = (await (await fetch(`${s.base}/api/v1/status`, { headers: auth })).json()) as {
      host: { sampledAt: string };
    };
    await new Promise((r) => setTimeout(r, 2500));
    const later = (await (await fetch(`${s.base}/api/v1/status`, { headers: auth })).json()) as {
      host: { sampledAt: string };
    };
    expect(Date.parse(later.host.sampledAt)).toBeGreaterThan(Date.parse(first.host.sampledAt));
    expect(s.child.exitCode).toBeNull();
  });

  it('records an uncaught exception, says so, and exits with 70', async () => {
    const s = await startFailing('throw');
    expect(await s.exited).toBe(70);
    expect(s.output()).toContain('sutazai serve: internal error: an exception nobody caught');
    expect(s.output()).toContain('recorded as an internal-error event');
    const db = openDatabase(join(s.home, 'sutazai.db'));
    try {
      const [event] = new EventLog(db).list({ kinds: ['internal-error'] });
      expect(event).toMatchObject({
        message: 'Internal error, restarting: an exception nobody caught',
        data: { origin: 'uncaughtException', fatal: true },
      });
    } finally {
      db.close();
    }
  });
});

// The stack endpoint as `sutazai serve` starts it and says so, on the engine's real bridge address
// (on a free port, not 7820: that one belongs to the monitoring profile's spec).
const gateway = await defaultBridgeGateway(new EngineClient(discoverEngine()));
const occupied: Server[] = [];
afterEach(() => {
  for (const s of occupied.splice(0)) s.close();
});

async function listenOn(host: string): Promise<Server> {
  const server = createServer();
  await new Promise<void>((done, fail) => server.once('error', fail).listen(0, host, done));
  occupied.push(server);
  return server;
}

async function startServe(
  args: string[],
  env: Record<string, string> = {},
  until = /Stack endpoint for Prometheus|No stack endpoint/,
): Promise<{ output: () => string; base: string }> {
  const home = mkdtempSync(join(tmpdir(), 'sutazai-serve-stack-'));
  homes.push(home);
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(ROOT, 'src-main', 'cli', 'main.ts'),
      'serve',
      '--port',
      '0',
      '--project',
      `sutazai-stackport-${process.pid}`,
      ...args,
    ],
    {
      cwd: ROOT,
      env: { ...process.env, SUTAZAI_HOME: home, SUTAZAI_TOKEN: undefined, SUTAZAI_API_TOKEN: undefined, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const deadline = Date.now() + 45_000;
  while (!until.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`serve did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { output: () => output, base: new URL(/SutazAI Control Center at (\S+)/.exec(output)![1]!).origin };
}

describe.skipIf(!gateway.ok)('sutazai serve --stack-port', () => {
  const address = gateway.ok ? gateway.address : '';

  it('prints where the stack endpoint listens, which answers the stack token from the environment', async () => {
    const probe = await listenOn(address);
    const port = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r));
    const token = 'stack-token-from-the-environment-0123';
    const s = await startServe(['--stack-port', String(port)], { SUTAZAI_API_TOKEN: token });
    expect(s.output()).toContain(
      `Stack endpoint for Prometheus and Alertmanager at http://${address}:${port} (stack token only; plain HTTP on the engine's bridge, which exists only on this machine)\n`,
    );
    const metrics = await rawExchange(
      port,
      httpRequest('GET', '/metrics', `host.docker.internal:${port}`, { Authorization: `Bearer ${token}` }),
      { host: address, untilAnswer: true },
    );
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/^sutazai_host_memory_total_bytes /m);
  });

  it('says in one line why there is none when the port is taken, and goes on serving', async () => {
    const taken = await listenOn(address);
    const port = (taken.address() as { port: number }).port;
    const s = await startServe(['--stack-port', String(port)]);
    expect(s.output()).toContain(
      `No stack endpoint for Prometheus and Alertmanager (they cannot reach this app): ${address}:${port} is in use by another program (another sutazai serve?)\n`,
    );
    expect((await fetch(`${s.base}/health`)).status).toBe(200);
  });

  it('--stack-port 0 starts none and says nothing of it; a port that is not one is a usage error', async () => {
    const s = await startServe(['--stack-port', '0'], {}, /SutazAI Control Center at /);
    // The lines about the stack endpoint follow the address at once, when there are any.
    await new Promise((r) => setTimeout(r, 500));
    expect(s.output()).not.toMatch(/stack endpoint/i);
    expect((await fetch(`${s.base}/health`)).status).toBe(200);
    let err = '';
    const code = await runCli(['serve', '--stack-port', 'seventy'], {
      out: () => undefined,
      err: (t) => (err += t),
      env: process.env,
      isTTY: false,
    });
    expect(code).toBe(2);
    expect(err).toContain("sutazai serve: --stack-port: 'seventy' is not a port number (0-65535)");
  });
});
