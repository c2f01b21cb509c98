import { afterAll, describe, expect, it, vi } from 'vitest';
import { cleanupTestObjects, createServiceContainer, testEngine, testName } from '../../test-support/engine';
import { ContainerMetricsReader } from './container-metrics-reader';

const engine = await testEngine();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!engine.available)('ContainerMetricsReader following the engine events', () => {
  const run = testName('metrics-events');
  const project = run.replace(/[^a-z0-9-]/g, '');
  const docker = engine.docker;
  // An interval this long never fires during the test: only the events can bring the list up to date.
  const reader = new ContainerMetricsReader({ docker, local: true, followEvents: true, listEveryMs: 3_600_000 });

  afterAll(async () => {
    reader.dispose();
    await cleanupTestObjects(docker, run);
  });

  const ids = async () => (await reader.read(Date.now(), 1)).containers.map((c) => c.id);
  async function until(check: (list: string[]) => boolean): Promise<string[]> {
    const deadline = Date.now() + 10_000;
    let list = await ids();
    while (!check(list) && Date.now() < deadline) {
      await sleep(100);
      list = await ids();
    }
    return list;
  }

  it('sees a container start and stop without listing on an interval', async () => {
    await ids();
    await until(() => reader.listSource === 'events');
    expect(reader.listSource).toBe('events');

    const c = await createServiceContainer(docker, {
      run,
      project,
      name: 'late',
      tier: 'optional',
      cmd: ['sleep', '600'],
    });
    expect(await ids()).not.toContain(c.id);
    // A start, a rename and a stop are taken from the events themselves: no listing of every container.
    const listings = vi.spyOn(docker, 'listContainers');
    try {
      await c.start();
      expect(await until((list) => list.includes(c.id))).toContain(c.id);
      const named = async () => (await reader.read(Date.now(), 1)).containers.find((x) => x.id === c.id)?.name;
      expect(await named()).toBe(`${project}-late`);
      await c.rename({ name: `${project}-renamed` });
      const deadline = Date.now() + 10_000;
      while ((await named()) !== `${project}-renamed` && Date.now() < deadline) await sleep(100);
      expect(await named()).toBe(`${project}-renamed`);

      await c.stop({ t: 0 });
      expect(await until((list) => !list.includes(c.id))).not.toContain(c.id);
      expect(listings).not.toHaveBeenCalled();
    } finally {
      listings.mockRestore();
    }
  }, 60_000);

  it('stops following once disposed', () => {
    const other = new ContainerMetricsReader({ docker, local: true, followEvents: true });
    other.dispose();
    expect(other.listSource).toBe('interval');
  });
});
