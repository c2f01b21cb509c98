import Docker from 'dockerode';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../src-shared/api';
import { cleanupTestObjects, createServiceContainer, testEngine, testName } from '../../test-support/engine';
import { EventLog } from '../events';
import { openDatabase } from '../store';
import { Supervisor } from './supervisor';

const engine = await testEngine();
const engineSocket = engine.endpoint.startsWith('unix://') ? engine.endpoint.slice('unix://'.length) : undefined;

async function until(fn: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// The app reaches the real engine through a socket that can stop accepting new connections while the
// open ones (the event stream among them) go on: what a shutting-down engine looks like, except that
// this one never goes away.
describe.skipIf(!engine.available || !engineSocket)('when the engine only seemed to be going away', () => {
  const run = testName('stayed');
  const project = run.replace(/[^a-z0-9-]/g, '');
  const dir = mkdtempSync(join(tmpdir(), 'sutazai-stayed-'));
  const socketPath = join(dir, 'engine.sock');
  const accepting = (): Promise<Server> =>
    new Promise((resolve) => {
      const s = createServer((client) => {
        const upstream = connect(engineSocket!);
        client.pipe(upstream).pipe(client);
        client.on('error', () => upstream.destroy());
        upstream.on('error', () => client.destroy());
      });
      s.listen(socketPath, () => resolve(s));
    });
  const db = openDatabase(':memory:');
  const log = new EventLog(db);
  const seen: AppEvent[] = [];
  log.subscribe((e) => seen.push(e));
  let supervisor: Supervisor | undefined;
  let listener: Server | undefined;

  afterAll(async () => {
    supervisor?.dispose();
    listener?.close();
    await cleanupTestObjects(engine.docker, run);
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts the service anyway, without counting it as a crash', async () => {
    listener = await accepting();
    supervisor = new Supervisor({
      docker: new Docker({ socketPath }),
      project,
      events: log,
      policy: { baseMs: 200, jitter: 0 },
      engineStayedMs: 2000,
    });
    supervisor.start();
    await until(() => supervisor!.engineConnected, 10_000, 'the event stream');
    const c = await createServiceContainer(engine.docker, {
      run,
      project,
      name: 'web',
      tier: 'core',
      cmd: ['sleep', '300'],
    });
    await c.start();

    listener.close(); // no new connections; the open ones, the event stream among them, go on
    await c.kill();
    await until(
      () => seen.some((e) => e.service === 'web' && e.kind === 'stopped-by-engine'),
      10_000,
      'stopped-by-engine',
    );
    rmSync(socketPath, { force: true });
    listener = await accepting();
    await until(() => seen.some((e) => e.service === 'web' && e.kind === 'restarted'), 15_000, 'the restart');
    expect((await c.inspect()).State.Running).toBe(true);
    expect(seen.filter((e) => e.service === 'web').map((e) => [e.kind, e.message])).toEqual([
      [
        'stopped-by-engine',
        'web went down with the Docker engine (exit code 137); it starts again when the engine is back',
      ],
      ['restarted', 'started web again: the engine answers again and never went away'],
    ]);
    expect(supervisor.status().find((s) => s.service === 'web')).toMatchObject({ restarts: 0, parked: false });
    expect(seen.some((e) => e.kind === 'engine-lost')).toBe(false);
  }, 60_000);
});
