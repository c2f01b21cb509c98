import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../src-shared/api';
import { cleanupTestObjects, createServiceContainer, testEngine, testName } from '../../test-support/engine';
import { EventLog } from '../events';
import { openDatabase } from '../store';
import { CgroupLocator, ContainerMemory } from '../host';
import { MaintenanceHolds } from '../maintenance';
import { Supervisor } from './supervisor';

const engine = await testEngine();

async function until<T>(
  fn: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!engine.available)('Supervisor on the real engine', () => {
  const run = testName('sup');
  const project = run.replace(/[^a-z0-9-]/g, '');
  const docker = engine.docker;
  const db = openDatabase(':memory:');
  const log = new EventLog(db);
  const seen: AppEvent[] = [];
  log.subscribe((e) => seen.push(e));
  const home = mkdtempSync(join(tmpdir(), 'sutazai-sup-'));
  const holds = new MaintenanceHolds(home);
  const supervisor = new Supervisor({
    docker,
    project,
    events: log,
    memory: new ContainerMemory({ docker, cgroups: new CgroupLocator({ docker }) }),
    policy: { baseMs: 200, capMs: 5000, jitter: 0, maxRestarts: 5, windowMs: 600_000 },
    holds,
  });
  supervisor.start();

  afterEach(() => undefined);
  afterAll(async () => {
    supervisor.dispose();
    await cleanupTestObjects(docker, run);
    db.close();
    rmSync(home, { recursive: true, force: true });
  });

  async function service(name: string, cmd: string[], extra: object = {}, tier = 'optional') {
    const c = await createServiceContainer(docker, { run, project, name, tier, cmd, options: extra });
    await until(() => supervisor.engineConnected, 10_000, 'the event stream');
    await c.start();
    return c;
  }
  const of = (name: string, kind?: string) => seen.filter((e) => e.service === name && (!kind || e.kind === kind));

  it('restarts a crashing service with doubling delays and parks it after 5 restarts', async () => {
    await service('crasher', ['sh', '-c', 'exit 3']);
    await until(() => of('crasher', 'crash-loop').length > 0, 30_000, 'the crash loop');
    const delays = of('crasher', 'restart-scheduled').map((e) => Number(e.data!.delayMs));
    expect(delays).toEqual([200, 400, 800, 1600, 3200]);
    expect(of('crasher', 'restarted')).toHaveLength(5);
    const crashes = of('crasher', 'crashed');
    expect(crashes).toHaveLength(6);
    expect(crashes[0]!.message).toContain('exited with code 3');
    // Each restart came no sooner than its delay after the crash before it.
    for (let i = 1; i < crashes.length; i++)
      expect(crashes[i]!.time - crashes[i - 1]!.time).toBeGreaterThanOrEqual(delays[i - 1]! - 20);
    await new Promise((r) => setTimeout(r, 1500));
    expect(of('crasher', 'restarted')).toHaveLength(5);
    expect(supervisor.status().find((s) => s.service === 'crasher')).toMatchObject({ parked: true });
  });

  it('never undoes a stop the user asked for', async () => {
    const c = await service('sleeper', ['sleep', '300']);
    await c.stop({ t: 1 });
    await until(() => of('sleeper', 'stopped').length > 0, 10_000, 'the stop event');
    await new Promise((r) => setTimeout(r, 1500));
    expect((await c.inspect()).State.Running).toBe(false);
    expect(of('sleeper', 'restart-scheduled')).toEqual([]);
  });

  it('restarts an unhealthy service', async () => {
    await service('sick', ['sleep', '300'], {
      Healthcheck: { Test: ['CMD', 'false'], Interval: 500e6, Timeout: 500e6, Retries: 1 },
    });
    await until(() => of('sick', 'restarted').length > 0, 20_000, 'the restart of the unhealthy service');
    expect(of('sick', 'unhealthy').length).toBeGreaterThan(0);
    expect(of('sick', 'restart-scheduled')[0]!.data).toMatchObject({ reason: 'unhealthy' });
  });

  it('records a container that exceeds its memory limit as an OOM kill, not a crash', async () => {
    await service('hog', ['sh', '-c', 'head -c 200m /dev/zero | tail'], {
      HostConfig: { Memory: 32 * 1024 * 1024, MemorySwap: 32 * 1024 * 1024 },
    });
    const oom = await until(() => of('hog', 'oom-kill')[0], 20_000, 'the OOM kill');
    expect(oom.data).toMatchObject({ limitBytes: 32 * 1024 * 1024 });
    expect(oom.message).toMatch(/hog was killed for using too much memory: limit 32 MiB/);
    expect(of('hog', 'crashed').filter((e) => e.time <= oom.time)).toEqual([]);
  });

  it('leaves a service held for maintenance alone: a crash meanwhile is neither restarted nor counted', async () => {
    // Held before it starts, as a snapshot holds a service before stopping it; it then exits by itself.
    holds.hold(project, ['held'], 'snapshot test');
    const c = await service('held', ['sh', '-c', 'sleep 1; exit 5']);
    await until(async () => !(await c.inspect()).State.Running, 10_000, 'the exit');
    await new Promise((r) => setTimeout(r, 1500));
    expect(of('held').map((e) => e.kind)).toEqual([]);
    expect((await c.inspect()).State.Running).toBe(false);
    expect(supervisor.status().find((s) => s.service === 'held')?.restarts ?? 0).toBe(0);
    // Once released, the same exit is a crash again.
    holds.release(project, ['held']);
    await c.start();
    await until(() => of('held', 'restart-scheduled').length > 0, 10_000, 'the restart after the hold');
    expect(of('held', 'crashed')[0]!.message).toContain('exited with code 5');
  });
});
