import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { AppEvent } from '../../src-shared/api';
import { cleanupTestObjects, createServiceContainer, testEngine, testName } from '../../test-support/engine';
import { EventLog } from '../events';
import { MaintenanceHolds } from '../maintenance';
import { openDatabase } from '../store';
import { MemoryGuard, pickVictim } from './memory-guard';

const engine = await testEngine();
const MiB = 1024 * 1024;

describe('guard decisions', () => {
  it('chooses the largest optional service first, core only when allowed, never critical', () => {
    const m = (service: string, tier: 'critical' | 'core' | 'optional', bytes: number) => ({
      id: service,
      project: 'p',
      service,
      tier,
      bytes,
    });
    const members = [
      m('db', 'critical', 900),
      m('qdrant', 'core', 500),
      m('flowise', 'optional', 200),
      m('n8n', 'optional', 300),
    ];
    expect(pickVictim(members, ['optional'])?.service).toBe('n8n');
    expect(
      pickVictim(
        members.filter((x) => x.tier !== 'optional'),
        ['optional'],
      ),
    ).toBeUndefined();
    expect(
      pickVictim(
        members.filter((x) => x.tier !== 'optional'),
        ['optional', 'core'],
      )?.service,
    ).toBe('qdrant');
    expect(pickVictim([m('db', 'critical', 900)], ['optional', 'core'])).toBeUndefined();
  });
});

describe.skipIf(!engine.available)('MemoryGuard on the real engine', () => {
  const run = testName('guard');
  const project = run.replace(/[^a-z0-9-]/g, '');
  const docker = engine.docker;
  const db = openDatabase(':memory:');
  const log = new EventLog(db);
  const seen: AppEvent[] = [];
  log.subscribe((e) => seen.push(e));
  afterAll(async () => {
    await cleanupTestObjects(docker, run);
    db.close();
  });

  async function service(name: string, tier: string, cmd: string[], hostConfig: object = {}) {
    const c = await createServiceContainer(docker, {
      run,
      project,
      name,
      tier,
      cmd,
      options: { HostConfig: hostConfig },
    });
    await c.start();
    return c;
  }

  it('stops the optional hog that grows past a 512 MiB budget and leaves the critical service alone', async () => {
    const critical = await service('db', 'critical', ['sleep', '600']);
    const hog = await service(
      'hog',
      'optional',
      [
        'sh',
        '-c',
        'i=0; while [ $i -lt 80 ]; do dd if=/dev/zero of=/hog/$i bs=1M count=10 2>/dev/null; i=$((i+1)); sleep 0.05; done; sleep 600',
      ],
      {
        Memory: 2048 * MiB,
        Tmpfs: { '/hog': 'size=1g' },
      },
    );
    const guard = new MemoryGuard({
      docker,
      projects: () => [{ name: project, defaultTier: 'core' }],
      events: log,
      budgetBytes: 512 * MiB,
      settleMs: 1000,
    });
    guard.start();
    try {
      const deadline = Date.now() + 30_000;
      while (!seen.some((e) => e.kind === 'guard-stop') && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      const stop = seen.find((e) => e.kind === 'guard-stop');
      expect(stop, 'the guard acted').toBeTruthy();
      expect(stop!.service).toBe('hog');
      expect(stop!.message).toMatch(/^stopped hog \(optional, \d+ MiB\): stack memory 9\d % of 512 MiB budget$/);
      expect(seen.some((e) => e.kind === 'guard-warn')).toBe(true);
      await new Promise((r) => setTimeout(r, 2500));
      expect((await hog.inspect()).State.Running).toBe(false);
      const db = await critical.inspect();
      expect(db.State.Running).toBe(true);
      expect(db.RestartCount).toBe(0);
      expect(seen.filter((e) => e.kind === 'guard-stop').map((e) => e.service)).toEqual(['hog']);
      expect(guard.stoppedServices()).toEqual([{ project, service: 'hog' }]);
    } finally {
      guard.dispose();
    }
  });

  it('only logs its decision in dry-run mode', async () => {
    const big = await service(
      'big',
      'optional',
      ['sh', '-c', 'dd if=/dev/zero of=/hog/a bs=1M count=300 2>/dev/null; sleep 600'],
      { Memory: 1024 * MiB, Tmpfs: { '/hog': 'size=512m' } },
    );
    await new Promise((r) => setTimeout(r, 1500));
    const guard = new MemoryGuard({
      docker,
      projects: () => [{ name: project, defaultTier: 'core' }],
      events: log,
      budgetBytes: 256 * MiB,
      dryRun: true,
    });
    const status = await guard.tick();
    expect(status.level).toBe('shed-core');
    const dry = seen.filter((e) => e.kind === 'guard-dry-run');
    expect(dry.at(-1)?.message).toMatch(/^would have stopped big \(optional/);
    expect((await big.inspect()).State.Running).toBe(true);
  });

  it('never chooses a service held for maintenance, nor starts it again', async () => {
    const home = mkdtempSync(join(tmpdir(), 'sutazai-guard-'));
    const holds = new MaintenanceHolds(home);
    try {
      await service(
        'held',
        'optional',
        ['sh', '-c', 'dd if=/dev/zero of=/hog/a bs=1M count=300 2>/dev/null; sleep 600'],
        { Memory: 1024 * MiB, Tmpfs: { '/hog': 'size=512m' } },
      );
      await new Promise((r) => setTimeout(r, 1500));
      const optional = (await guardOf(holds).tick()).members.filter((m) => m.tier === 'optional').map((m) => m.service);
      holds.hold(project, optional, 'snapshot test');
      const before = seen.length;
      const guard = guardOf(holds);
      expect((await guard.tick()).level).toBe('shed-core');
      expect(seen.slice(before).filter((e) => e.kind === 'guard-dry-run')).toEqual([]);
      await expect(guard.startAgain(project, 'held')).rejects.toThrow('held is held for maintenance (snapshot test)');
      holds.release(project, ['held']);
      await new Promise((r) => setTimeout(r, 2100));
      await guard.tick();
      expect(
        seen
          .slice(before)
          .filter((e) => e.kind === 'guard-dry-run')
          .map((e) => e.service),
      ).toEqual(['held']);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  function guardOf(holds: MaintenanceHolds): MemoryGuard {
    return new MemoryGuard({
      docker,
      projects: () => [{ name: project, defaultTier: 'core' }],
      events: log,
      budgetBytes: 256 * MiB,
      dryRun: true,
      holds,
    });
  }
});

describe.skipIf(!engine.available)('MemoryGuard following the engine events', () => {
  const run = testName('guard-events');
  const project = run.replace(/[^a-z0-9-]/g, '');
  const docker = engine.docker;
  const db = openDatabase(':memory:');
  afterAll(async () => {
    await cleanupTestObjects(docker, run);
    db.close();
  });

  it('keeps the members from the events and lists them again only when one starts or stops', async () => {
    const first = await createServiceContainer(docker, {
      run,
      project,
      name: 'a',
      tier: 'core',
      cmd: ['sleep', '600'],
    });
    await first.start();
    const guard = new MemoryGuard({
      docker,
      projects: () => [{ name: project, defaultTier: 'core' }],
      events: new EventLog(db),
      budgetBytes: 1024 * MiB,
      followEvents: true,
    });
    const listings = vi.spyOn(docker, 'listContainers');
    guard.start();
    try {
      const services = () => (guard.status()?.members ?? []).map((m) => m.service).sort();
      const until = async (check: () => boolean) => {
        const deadline = Date.now() + 10_000;
        while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      };
      await until(() => guard.mechanism === 'events' && services().length === 1);
      expect(guard.mechanism).toBe('events');
      for (let i = 0; i < 5; i++) await guard.tick();
      const quiet = listings.mock.calls.length;
      for (let i = 0; i < 5; i++) await guard.tick();
      expect(listings.mock.calls.length, 'no listing while nothing starts or stops').toBe(quiet);

      const second = await createServiceContainer(docker, {
        run,
        project,
        name: 'b',
        tier: 'optional',
        cmd: ['sleep', '600'],
      });
      await second.start();
      await until(() => services().length === 2);
      expect(services()).toEqual(['a', 'b']);
      // Far from the budget it looks once a second, but for a few seconds after a member starts, every 50 ms.
      const looks: number[] = [];
      const counting = guard.subscribe((s) => looks.push(s.sampledAt));
      await new Promise((r) => setTimeout(r, 1000));
      counting.dispose();
      // Once a second would give 1 or 2; a loaded machine stretches each 50 ms look, so 5 is the bar.
      expect(looks.length, 'looks in the second after a start').toBeGreaterThanOrEqual(5);
      await second.stop({ t: 0 });
      await until(() => services().length === 1);
      expect(services()).toEqual(['a']);
      expect(listings.mock.calls.length).toBeGreaterThan(quiet);
    } finally {
      listings.mockRestore();
      guard.dispose();
    }
    expect(guard.mechanism).toBe('listing');
  }, 60_000);
});
