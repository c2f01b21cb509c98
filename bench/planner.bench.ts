import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlanAction } from '../src-shared/api/features/planner';
import { createCore, type Core } from '../src-main/core';
import { MetricsRepository } from '../src-main/metrics';
import { UsageHistory } from '../src-main/planner';
import { openDatabase } from '../src-main/store';
import { cleanupTestObjects, testEngine } from '../test-support/engine';
import { fillComposeYaml, type FillService } from '../test-support/memory-fill';
import { startOllamaApiServer } from '../test-support/ollama-api-server';
import { median, percentile, type BenchReport } from './bench-kit';

const MiB = 1024 * 1024;
const MIN = 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The project's stack memory as the metrics collector measures it. */
async function stackMemory(core: Core): Promise<number> {
  core.metrics.containers.invalidate();
  const s = await core.metrics.tick();
  return s.containers.filter((c) => c.project === core.project).reduce((a, c) => a + c.memBytes, 0);
}

async function settled(core: Core, atLeast: number): Promise<number> {
  const deadline = Date.now() + 30_000;
  let last = 0;
  while (Date.now() < deadline) {
    const now = await stackMemory(core);
    if (now >= atLeast && Math.abs(now - last) < MiB) return now;
    last = now;
    await sleep(500);
  }
  return last;
}

/** A week of per-minute history for 30 other services, as the app holds it after running a while. */
function seedWeek(home: string): void {
  const db = openDatabase(join(home, 'sutazai.db'));
  const repository = new MetricsRepository(db);
  const start = Math.floor((Date.now() - 7 * 24 * 60 * MIN) / MIN) * MIN;
  for (let t = start; t < Date.now() - MIN; t += MIN) {
    const values: Record<string, number> = { 'host.cpu_percent': 5 };
    for (let s = 0; s < 30; s++) values[`svc.week-${s}.mem_bytes`] = (100 + s * 10 + ((t / MIN) % 7)) * MiB;
    repository.record(t, values);
  }
  repository.flush();
  repository.prune(Date.now());
  db.close();
}

function timings(values: number[]): { p50: number; p99: number } {
  return { p50: median(values), p99: percentile(values, 99) };
}

export default async function bench(): Promise<BenchReport> {
  const engine = await testEngine();
  if (!engine.available) throw new Error(engine.reason);
  const run = `sutazai-bench-planner-${process.pid}`;
  const project = run;
  const dir = mkdtempSync(join(tmpdir(), 'sutazai-bench-planner-'));
  const home = mkdtempSync(join(tmpdir(), 'sutazai-bench-planner-home-'));
  const services: FillService[] = [
    { name: 'db', tier: 'critical', mib: 96, profiles: ['a'], reservation: '96M' },
    { name: 'cache', tier: 'core', mib: 160, profiles: ['a'], reservation: '160M' },
    { name: 'worker', tier: 'optional', mib: 224, profiles: ['b'], reservation: '64M' },
    { name: 'small', tier: 'optional', mib: 24, profiles: ['b'], reservation: '24M' },
    { name: 'index', tier: 'core', mib: 288, profiles: ['c'], limit: '512M' },
  ];
  writeFileSync(join(dir, 'compose.yml'), fillComposeYaml(services, run));
  const t0 = performance.now();
  seedWeek(home);
  const seedMs = performance.now() - t0;
  const ollama = await startOllamaApiServer({
    installed: ['tinyllama:latest', 'qwen2.5:0.5b'],
    loaded: ['qwen2.5:0.5b'],
  });
  const core = createCore({
    mode: 'cli',
    home,
    templatesDir: dir,
    project,
    ollamaUrl: ollama.url,
    env: { ...process.env, SUTAZAI_HOME: home },
  });
  const rows: BenchReport['rows'] = [];
  const ratios: NonNullable<BenchReport['ratios']> = [];
  try {
    // Accuracy: predict, start, measure (the collector's working sets, once every fill is written).
    const cases: { name: string; action: PlanAction; profiles: string[] }[] = [
      { name: 'a from reservations', action: { kind: 'start-profile', profiles: ['a'] }, profiles: ['a'] },
      {
        name: 'b next to a (reservation understates worker)',
        action: { kind: 'start-profile', profiles: ['a', 'b'] },
        profiles: ['a', 'b'],
      },
      {
        name: 'c from its limit (no reservation)',
        action: { kind: 'start-profile', profiles: ['a', 'b', 'c'] },
        profiles: ['a', 'b', 'c'],
      },
    ];
    const errors: number[] = [];
    const measure = async (name: string, action: PlanAction, expectAtLeast: number) => {
      const plan = await core.planner.plan(action);
      await core.planner.act(action, { kind: 'anyway' });
      const measured = await settled(core, expectAtLeast);
      const error = (plan.memory.stackAfterBytes - measured) / measured;
      const from = [...new Set(plan.services.filter((s) => s.from !== 'running').map((s) => s.from))].join('+');
      rows.push({
        name: `case ${name}`,
        value: Math.round(error * 1000) / 10,
        unit: '% error',
        note: `predicted ${(plan.memory.stackAfterBytes / MiB).toFixed(1)} MiB (${from}), measured ${(measured / MiB).toFixed(1)} MiB`,
      });
      return error;
    };
    let expected = 0;
    for (const c of cases) {
      expected = services.filter((s) => s.profiles.some((p) => c.profiles.includes(p))).reduce((a, s) => a + s.mib, 0);
      await measure(c.name, c.action, expected * MiB);
    }
    // The collector measures them for a while, then they stop; the next start is planned from that history.
    core.metrics.start();
    const watching = core.metrics.watch('bench', () => undefined);
    core.metrics.containers.invalidate();
    await sleep(15_000);
    watching.dispose();
    await core.stack.down(['a', 'b', 'c']);
    for (const c of cases) {
      expected = services.filter((s) => s.profiles.some((p) => c.profiles.includes(p))).reduce((a, s) => a + s.mib, 0);
      errors.push(await measure(`${c.name.split(' ')[0]} from its measured history`, c.action, expected * MiB));
    }
    const worst = Math.max(...errors.map(Math.abs));
    ratios.push({ name: 'worst error from history', value: worst, target: '< 0.10', met: worst < 0.1 });

    // Latency: plans with the inputs as a running app has them (collector snapshot fresh, history read).
    await core.metrics.tick();
    const latency = async (action: PlanAction, n: number) => {
      const took: number[] = [];
      for (let i = 0; i < n; i++) {
        const began = performance.now();
        await core.planner.plan(action);
        took.push(performance.now() - began);
      }
      return timings(took);
    };
    const start = await latency({ kind: 'start-profile', profiles: ['a', 'b', 'c'] }, 200);
    const load = await latency({ kind: 'load-model', model: 'tinyllama' }, 200);
    rows.push({
      name: 'plan start (5 running)',
      value: start.p50,
      unit: 'ms p50',
      note: `p99 ${start.p99.toFixed(1)} ms, 200 plans`,
    });
    rows.push({
      name: 'plan load (Ollama API test server)',
      value: load.p50,
      unit: 'ms p50',
      note: `p99 ${load.p99.toFixed(1)} ms, 200 plans`,
    });
    ratios.push({ name: 'plan start p99 (ms)', value: start.p99, target: '< 50', met: start.p99 < 50 });
    ratios.push({ name: 'plan load p99 (ms)', value: load.p99, target: '< 50', met: load.p99 < 50 });

    // The history read behind "expected use", done once a minute (and after each action) and kept between.
    const history = new UsageHistory({ repository: core.metricsHistory, project });
    let began = performance.now();
    await history.refresh();
    const cold = performance.now() - began;
    began = performance.now();
    history.all();
    const figures = performance.now() - began;
    const again: number[] = [];
    for (let i = 0; i < 20; i++) {
      history.invalidate();
      began = performance.now();
      await history.fresh();
      history.get('db');
      again.push(performance.now() - began);
    }
    rows.push({
      name: 'history: first read of the window',
      value: cold,
      unit: 'ms',
      note: `35 services, a week of 1-min points for 30 of them (seeded in ${(seedMs / 1000).toFixed(1)} s), read in slices`,
    });
    rows.push({ name: 'history: figures of all 35 services', value: figures, unit: 'ms' });
    rows.push({
      name: 'history: later reads (what was written since)',
      value: median(again),
      unit: 'ms median',
      note: `max ${Math.max(...again).toFixed(1)} ms`,
    });
  } finally {
    await core.stack.down(undefined, true).catch(() => undefined);
    await cleanupTestObjects(engine.docker, run);
    core.dispose();
    await ollama.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  }
  return { title: 'planner: prediction against measured stack memory, and time to plan', rows, ratios };
}
