import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventLog } from '../../events';
import { openDatabase } from '../../store';

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
