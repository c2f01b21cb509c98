import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../src-shared/api';
import type { Plan } from '../../src-shared/api/features/planner';
import { cleanupTestObjects, testEngine, testName } from '../../test-support/engine';
import { fillComposeYaml } from '../../test-support/memory-fill';
import { listProjectContainers } from '../engine';
import { createCore } from '../core';

const engine = await testEngine();
const MiB = 1024 * 1024;

describe.skipIf(!engine.available)('a plan that says the guard would shed, taken anyway', () => {
  const run = testName('planner-guard');
  const project = run.replace(/[^a-z0-9-]/g, '');
  const dir = mkdtempSync(join(tmpdir(), 'sutazai-planner-guard-'));
  const home = mkdtempSync(join(tmpdir(), 'sutazai-planner-guard-home-'));
  writeFileSync(
    join(dir, 'compose.yml'),
    fillComposeYaml(
      [
        { name: 'db', tier: 'critical', mib: 64, profiles: ['base'], reservation: '64M' },
        { name: 'cache', tier: 'optional', mib: 80, profiles: ['base'], reservation: '80M' },
        { name: 'hog', tier: 'core', mib: 160, profiles: ['heavy'], reservation: '160M' },
      ],
      run,
    ),
  );
  const core = createCore({
    mode: 'cli',
    home,
    templatesDir: dir,
    project,
    env: { ...process.env, SUTAZAI_HOME: home },
    memoryBudgetBytes: 300 * MiB,
  });
  const seen: AppEvent[] = [];
  core.events.subscribe((e) => seen.push(e));

  afterAll(async () => {
    await core.stack.down(undefined, true).catch(() => undefined);
    await cleanupTestObjects(engine.docker, run);
    core.dispose();
    rmSync(dir, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  it('names the service the guard stops, and the guard stops that one', async () => {
    expect((await core.planner.act({ kind: 'start-profile', profiles: ['base'] })).acted).toBe(true);
    // Their fills written (144 MiB), so the plan judges what they hold, not a start half done.
    for (let i = 0; i < 80; i++) {
      core.metrics.containers.invalidate();
      const s = await core.metrics.tick();
      if (s.containers.filter((c) => c.project === project).reduce((a, c) => a + c.memBytes, 0) >= 144 * MiB) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    core.guard.start();

    const asked = await core.planner.act({ kind: 'start-profile', profiles: ['heavy'] });
    expect(asked.acted).toBe(false);
    const plan: Plan = asked.plan;
    expect(plan.verdict).toBe('shed');
    expect(plan.memory).toMatchObject({ budgetBytes: 300 * MiB, budgetSource: 'setting' });
    expect(plan.memory.shed.map((s) => [s.service, s.tier, s.startedByAction])).toEqual([['cache', 'optional', false]]);
    expect(plan.summary).toMatch(/^the guard would stop cache to make room: 1\d\d % of the 300 MiB memory budget/);
    expect(plan.choices.map((c) => c.kind)).toEqual(['anyway', 'stop-first', 'cancel']);
    expect(plan.choices[1]).toMatchObject({ kind: 'stop-first', service: 'cache', verdict: 'fits' });
    expect(await listProjectContainers(engine.docker, project, { service: 'hog' })).toEqual([]);

    const went = await core.planner.act({ kind: 'start-profile', profiles: ['heavy'] }, { kind: 'anyway' });
    expect(went.acted).toBe(true);
    const anyway = seen.find((e) => e.kind === 'guard-anyway')!;
    expect(anyway.message).toMatch(/^start heavy anyway \(anyway\): the guard would stop cache/);
    expect(anyway.data).toMatchObject({ verdict: 'shed', shed: 'cache', override: 'anyway' });
    expect((JSON.parse(anyway.data!.plan as string) as Plan).memory.shed[0]!.service).toBe('cache');

    const deadline = Date.now() + 30_000;
    while (!seen.some((e) => e.kind === 'guard-stop') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const stops = seen.filter((e) => e.kind === 'guard-stop').map((e) => e.service);
    expect(stops[0]).toBe(plan.memory.shed[0]!.service);
    await new Promise((r) => setTimeout(r, 3000));
    expect(seen.filter((e) => e.kind === 'guard-stop').map((e) => e.service)).toEqual(['cache']);
    const running = (await listProjectContainers(engine.docker, project, { running: true })).map((c) => c.service);
    expect(running.sort()).toEqual(['db', 'hog']);
  }, 90_000);
});
