import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../src-shared/api';
import type { Plan } from '../../src-shared/api/features/planner';
import { cleanupTestObjects, testEngine, testName } from '../../test-support/engine';
import { fillComposeYaml } from '../../test-support/memory-fill';
import { createCore, type Core } from '../core';

const engine = await testEngine();
const MiB = 1024 * 1024;

/** The project's stack memory as the metrics collector measures it now (working sets summed). */
async function stackMemory(core: Core): Promise<number> {
  core.metrics.containers.invalidate();
  const snapshot = await core.metrics.tick();
  return snapshot.containers.filter((c) => c.project === core.project).reduce((a, c) => a + c.memBytes, 0);
}

/** Waits until the project's services hold at least `bytes` (their fills are written). */
async function filled(core: Core, bytes: number): Promise<number> {
  const deadline = Date.now() + 20_000;
  let now = 0;
  while (Date.now() < deadline) {
    now = await stackMemory(core);
    if (now >= bytes) return now;
    await new Promise((r) => setTimeout(r, 250));
  }
  return now;
}

const errorOf = (plan: Plan, measured: number) => Math.abs(plan.memory.stackAfterBytes - measured) / measured;

describe.skipIf(!engine.available)('the planner on the real engine', () => {
  const run = testName('planner');
  const project = run.replace(/[^a-z0-9-]/g, '');
  const dir = mkdtempSync(join(tmpdir(), 'sutazai-planner-'));
  const home = mkdtempSync(join(tmpdir(), 'sutazai-planner-home-'));
  writeFileSync(
    join(dir, 'compose.yml'),
    fillComposeYaml(
      [
        // Reservations that say what the services hold; the history is checked against reality separately.
        { name: 'keeper', tier: 'critical', mib: 96, profiles: ['fill'], reservation: '96M' },
        { name: 'helper', tier: 'optional', mib: 160, profiles: ['fill'], reservation: '160M' },
        { name: 'extra', tier: 'core', mib: 128, profiles: ['more'], reservation: '32M' },
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

  it('predicts a start from reservations, then from measured history, within 10 % of what the stack holds once started', async () => {
    const first = await core.planner.plan({ kind: 'start-profile', profiles: ['fill'] });
    expect(first.verdict).toBe('fits');
    expect(first.services.map((s) => [s.service, s.from, s.bytes / MiB])).toEqual([
      ['helper', 'reservation', 160],
      ['keeper', 'reservation', 96],
    ]);
    expect(first.inputs.find((f) => f.label === 'available now')!.source).toBe('/proc/meminfo MemAvailable');
    const done = await core.planner.act({ kind: 'start-profile', profiles: ['fill'] });
    expect(done.acted && done.result.kind === 'up' && done.result.report.ok).toBe(true);
    const measured = await filled(core, 256 * MiB);
    expect(errorOf(first, measured)).toBeLessThan(0.1);

    // The collector measures the running services for a while (1 Hz while watched), then they stop.
    core.metrics.start();
    const watching = core.metrics.watch('spec', () => undefined);
    core.metrics.containers.invalidate();
    await new Promise((r) => setTimeout(r, 14_000));
    watching.dispose();
    await core.stack.down(['fill']);

    // 'extra' reserves 32M but holds 128 MiB: only the history knows that, once it has run.
    const fromHistory = await core.planner.plan({ kind: 'start-profile', profiles: ['fill'] });
    expect(fromHistory.services.map((s) => [s.service, s.from])).toEqual([
      ['helper', 'history'],
      ['keeper', 'history'],
    ]);
    expect(fromHistory.services[0]!.source).toMatch(/^p95 of svc\.helper\.mem_bytes \(16\d MiB\): 1-s peaks over/);
    await core.planner.act({ kind: 'start-profile', profiles: ['fill'] });
    expect(errorOf(fromHistory, await filled(core, 256 * MiB))).toBeLessThan(0.1);

    // Next to what runs: the running services measured now, plus the new one.
    const next = await core.planner.plan({ kind: 'start-profile', profiles: ['fill', 'more'] });
    expect(next.services.find((s) => s.service === 'keeper')!.from).toBe('running');
    expect(next.services.find((s) => s.service === 'extra')).toMatchObject({ from: 'reservation', bytes: 32 * MiB });
    await core.planner.act({ kind: 'start-profile', profiles: ['fill', 'more'] });
    const measured3 = await filled(core, 384 * MiB);
    // The reservation understates 'extra' by 96 MiB: the plan is off by that, and says where its figure came from.
    expect(errorOf(next, measured3)).toBeGreaterThan(0.2);
    expect(Math.abs(next.memory.stackAfterBytes + 96 * MiB - measured3) / measured3).toBeLessThan(0.1);
  }, 90_000);
});
