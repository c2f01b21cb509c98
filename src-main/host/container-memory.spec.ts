import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTestObjects, createServiceContainer, testEngine, testName } from '../../test-support/engine';
import { CgroupLocator } from './cgroup-locator';
import { ContainerMemory, workingSetFromStats } from './container-memory';

const engine = await testEngine();
const MiB = 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('workingSetFromStats', () => {
  it('subtracts the inactive file cache as docker stats does, v1 and v2 engines', () => {
    expect(workingSetFromStats({ usage: 100_000, stats: { total_inactive_file: 30_000, inactive_file: 9 } })).toBe(
      70_000,
    );
    expect(workingSetFromStats({ usage: 100_000, stats: { inactive_file: 25_000 } })).toBe(75_000);
    expect(workingSetFromStats({ usage: 10, stats: { inactive_file: 25 } })).toBe(0);
    expect(workingSetFromStats({})).toBeUndefined();
  });
});

describe.skipIf(!engine.available)('ContainerMemory on the real engine', () => {
  const run = testName('memory');
  const project = run.replace(/[^a-z0-9-]/g, '');
  const docker = engine.docker;
  let holderId = '';

  beforeAll(async () => {
    const holder = await createServiceContainer(docker, {
      run,
      project,
      name: 'holder',
      tier: 'optional',
      cmd: ['sh', '-c', '(head -c 64m /dev/zero; sleep 600) | tail'],
    });
    await holder.start();
    holderId = holder.id;
    await sleep(1500);
  });
  afterAll(() => cleanupTestObjects(docker, run));

  it('reads the same working set from the cgroup files as from the engine’s stats', async () => {
    const cgroups = new CgroupLocator({ docker });
    const location = await cgroups.locate(holderId);
    expect(location, 'the cgroup files of a local container are found').toBeTruthy();
    const fromFiles = await new ContainerMemory({ docker, cgroups }).workingSet(holderId);
    const fromEngine = await new ContainerMemory({ docker }).workingSet(holderId);
    expect(fromFiles).toBeGreaterThan(64 * MiB);
    expect(Math.abs(fromFiles! - fromEngine!)).toBeLessThanOrEqual(Math.max(2 * MiB, 0.03 * fromEngine!));
  });

  it('reports a peak at least as large as what the container holds', async () => {
    const memory = new ContainerMemory({ docker, cgroups: new CgroupLocator({ docker }) });
    const peak = await memory.peak(holderId);
    const now = await memory.workingSet(holderId);
    // v2 kernels before 5.19 keep no peak: then there is none to report.
    if (peak !== undefined) expect(peak).toBeGreaterThanOrEqual(now!);
  });

  it('has no figure for a container that is gone', async () => {
    const memory = new ContainerMemory({ docker, cgroups: new CgroupLocator({ docker }) });
    expect(await memory.workingSet('0'.repeat(64))).toBeUndefined();
    expect(await memory.peak('0'.repeat(64))).toBeUndefined();
  });
});
