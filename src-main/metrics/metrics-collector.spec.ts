import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTestObjects, createServiceContainer, testEngine, testName } from '../../test-support/engine';
import { openDatabase } from '../store';
import { ContainerMetricsReader } from './container-metrics-reader';
import { MetricsCollector } from './metrics-collector';
import { MetricsRepository } from './metrics-repository';

const engine = await testEngine();
const MiB = 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `docker stats` sizes: "64.2MiB", "1.5GB", "486B". */
function parseSize(text: string): number {
  const m = /^([\d.]+)\s*([KMGT]?i?B)$/.exec(text.trim());
  if (!m) throw new Error(`not a size: ${text}`);
  const units: Record<string, number> = {
    B: 1,
    kB: 1e3,
    KB: 1e3,
    MB: 1e6,
    GB: 1e9,
    TB: 1e12,
    KiB: 1024,
    MiB: MiB,
    GiB: 1024 * MiB,
    TiB: 1024 ** 4,
  };
  return Number(m[1]) * (units[m[2]!] ?? NaN);
}

interface DockerStatsRow {
  Container: string;
  CPUPerc: string;
  MemUsage: string;
  NetIO: string;
}

async function dockerStats(ids: string[]): Promise<Map<string, DockerStatsRow>> {
  const { stdout: out } = await promisify(execFile)(
    'docker',
    ['stats', '--no-stream', '--no-trunc', '--format', 'json', ...ids],
    { encoding: 'utf8', timeout: 30_000 },
  );
  const rows = out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as DockerStatsRow);
  return new Map(rows.map((r) => [r.Container, r]));
}

/**
 * Stated tolerances against `docker stats --no-stream` (which samples its own 1-2 s window):
 * memory working set within 3 % or 2 MiB, CPU within 25 percentage points of one core (the
 * windows differ and the machine is shared), memory
 * limit exact; host memory total exact and available within 64 MiB of /proc/meminfo.
 */
describe.skipIf(!engine.available)('MetricsCollector on the real engine', () => {
  const run = testName('metrics');
  const project = run.replace(/[^a-z0-9-]/g, '');
  const docker = engine.docker;
  const home = mkdtempSync(join(tmpdir(), 'sutazai-metrics-'));
  const db = openDatabase(':memory:');
  const repository = new MetricsRepository(db);
  let holderId = '';
  let spinnerId = '';
  let limitedId = '';

  beforeAll(async () => {
    const holder = await createServiceContainer(docker, {
      run,
      project,
      name: 'holder',
      tier: 'optional',
      cmd: ['sh', '-c', '(head -c 64m /dev/zero; sleep 600) | tail'],
    });
    const spinner = await createServiceContainer(docker, {
      run,
      project,
      name: 'spinner',
      tier: 'optional',
      cmd: ['sh', '-c', 'while :; do :; done'],
    });
    const limited = await createServiceContainer(docker, {
      run,
      project,
      name: 'limited',
      tier: 'optional',
      cmd: ['sleep', '600'],
      options: { HostConfig: { Memory: 96 * MiB } },
    });
    await Promise.all([holder.start(), spinner.start(), limited.start()]);
    [holderId, spinnerId, limitedId] = [holder.id, spinner.id, limited.id];
    await sleep(1500);
  }, 60_000);

  afterAll(async () => {
    await cleanupTestObjects(docker, run);
    db.close();
    rmSync(home, { recursive: true, force: true });
  });

  for (const mode of ['cgroup', 'stats-api'] as const) {
    it(`agrees with docker stats and /proc/meminfo (${mode})`, async () => {
      const collector = new MetricsCollector({
        docker,
        localEngine: mode === 'cgroup',
        home,
        project,
        repository,
        containers: new ContainerMetricsReader({ docker, local: mode === 'cgroup' }),
      });
      // Our window (between two ticks) spans the one docker stats measures, so both see the same work.
      await collector.tick();
      const theirs = await dockerStats([holderId, spinnerId, limitedId]);
      const meminfoBefore = readFileSync('/proc/meminfo', 'utf8');
      const ours = (await collector.tick())!;
      const meminfo = readFileSync('/proc/meminfo', 'utf8');
      expect(ours.source).toBe(mode);

      const mine = (id: string) => ours.containers.find((c) => c.id === id)!;
      const holder = mine(holderId);
      const [usage, limit] = theirs.get(holderId)!.MemUsage.split(' / ').map(parseSize) as [number, number];
      expect(holder.memBytes).toBeGreaterThan(64 * MiB);
      expect(Math.abs(holder.memBytes - usage)).toBeLessThanOrEqual(Math.max(2 * MiB, 0.03 * usage));
      // docker stats prints the limit rounded to two decimals of its unit.
      expect(Math.abs(holder.memLimitBytes - limit) / limit).toBeLessThan(0.005);
      expect(holder.service).toBe('holder');
      expect(holder.project).toBe(project);

      const limited = mine(limitedId);
      expect(limited.memLimitBytes).toBe(96 * MiB);
      expect(parseSize(theirs.get(limitedId)!.MemUsage.split(' / ')[1]!)).toBe(96 * MiB);

      const spinnerCpu = Number(theirs.get(spinnerId)!.CPUPerc.replace('%', ''));
      // A busy loop gets a whole core on an idle machine and less on a loaded one: it must read as busy,
      // and as what docker stats reads for the same moment.
      expect(mine(spinnerId).cpuPercent).toBeGreaterThan(10);
      expect(Math.abs(mine(spinnerId).cpuPercent - spinnerCpu)).toBeLessThanOrEqual(25);
      expect(holder.cpuPercent).toBeLessThan(5);

      const rx = parseSize(theirs.get(holderId)!.NetIO.split(' / ')[0]!);
      expect(Math.abs(holder.netRxBytes - rx)).toBeLessThanOrEqual(Math.max(1024, 0.05 * rx));

      const kb = (key: string, text = meminfo) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text)![1]) * 1024;
      expect(ours.host.memTotalBytes).toBe(kb('MemTotal'));
      // Other work on the machine moves MemAvailable during the tick: ours lies between the readings around it.
      const available = [kb('MemAvailable', meminfoBefore), kb('MemAvailable')];
      expect(ours.host.memAvailableBytes).toBeGreaterThanOrEqual(Math.min(...available) - 64 * MiB);
      expect(ours.host.memAvailableBytes).toBeLessThanOrEqual(Math.max(...available) + 64 * MiB);
      expect(ours.host.swapTotalBytes).toBe(kb('SwapTotal'));
      expect(ours.host.diskHome?.path).toBe(home);
      expect(ours.host.diskHome!.freeBytes).toBeGreaterThan(0);
      if (mode === 'cgroup') expect(ours.host.diskEngine?.path).toBeTruthy();
      expect(ours.app.rssBytes).toBeGreaterThan(10 * MiB);
    }, 60_000);
  }

  it('reads the same cumulative CPU time from the cgroup files as the engine reports', async () => {
    const reader = new ContainerMetricsReader({ docker, local: true });
    const before = (await reader.read(Date.now(), 1)).containers.find((c) => c.id === spinnerId)!.cpuSecondsTotal;
    const api = (await docker
      .getContainer(spinnerId)
      .stats({ stream: false, 'one-shot': true } as { stream: false })) as {
      cpu_stats: { cpu_usage: { total_usage: number } };
    };
    const after = (await reader.read(Date.now(), 1)).containers.find((c) => c.id === spinnerId)!.cpuSecondsTotal;
    const engineSeconds = api.cpu_stats.cpu_usage.total_usage / 1e9;
    expect(engineSeconds).toBeGreaterThanOrEqual(before);
    expect(engineSeconds).toBeLessThanOrEqual(after);
  });

  it('keeps the project’s services in the history, per service', async () => {
    const names = repository.seriesNames();
    expect(names).toContain('svc.holder.mem_bytes');
    expect(names).toContain('svc.spinner.cpu_percent');
    expect(names).toContain('host.cpu_percent');
    const h = repository.history(['svc.holder.mem_bytes'], '5m');
    expect(h.stepMs).toBe(1000);
    expect(h.series[0]!.points.at(-1)![2]).toBeGreaterThan(64 * MiB);
  });

  it('samples at 1 Hz while a visible view watches and every 10 s otherwise', () => {
    const collector = new MetricsCollector({ docker, localEngine: true, home, project });
    expect(collector.intervalMs).toBe(10_000);
    const watching = collector.watch('window-1', () => undefined);
    expect(collector.intervalMs).toBe(1000);
    collector.setVisible('window-1', false);
    expect(collector.intervalMs).toBe(10_000);
    collector.setVisible('window-1', true);
    expect(collector.intervalMs).toBe(1000);
    watching.dispose();
    expect(collector.intervalMs).toBe(10_000);
  });
});
