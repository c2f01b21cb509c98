import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { LogBatch } from '../../src-shared/api/features/logs';
import { cleanupTestObjects, TEST_IMAGE, TEST_LABEL, testEngine, testName } from '../../test-support/engine';
import { LogService } from './log-service';

const engine = await testEngine();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Each run prints lines naming itself, so a line shown twice is a repeat and not a second run's line. */
const TALKER = [
  'sh',
  '-c',
  'r=$(cat /proc/sys/kernel/random/uuid | cut -c1-8); trap \'echo "run $r bye"; exit 3\' TERM; i=0; while true; do i=$((i+1)); echo "run $r line $i"; sleep 0.1; done',
];

describe.skipIf(!engine.available)('a follow across restarts and recreates, on the real engine', () => {
  const run = testName('logsrestart');
  const project = run.replace(/[^a-z0-9-]/g, '');
  const docker = engine.docker;
  const logs = new LogService({ docker, project, batch: { intervalMs: 20 } });
  const stops: (() => void)[] = [];

  const create = (name: string, service: string) =>
    docker.createContainer({
      name: `${project}-${name}`,
      Image: TEST_IMAGE,
      Cmd: TALKER,
      StopTimeout: 5,
      Labels: {
        [TEST_LABEL]: run,
        'com.docker.compose.project': project,
        'com.docker.compose.service': service,
        'com.docker.compose.oneoff': 'False',
      },
      HostConfig: { LogConfig: { Type: 'json-file', Config: { 'max-size': '5m', 'max-file': '2' } } },
    });

  const follow = (services: string[], timestamps = false) => {
    const batches: LogBatch[] = [];
    stops.push(logs.follow({ services, timestamps, follow: true }, (b) => batches.push(b), 'test', false));
    const text = () => batches.map((b) => b.data).join('');
    const until = async (what: string, test: (t: string) => boolean, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!test(text())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got:\n${text().slice(-2000)}`);
        await sleep(50);
      }
    };
    return { batches, text, until };
  };

  const lines = (text: string) => text.split('\r\n').filter(Boolean);
  const runs = (text: string) => [...new Set([...text.matchAll(/run (\w{8}) line/g)].map((m) => m[1]!))];

  afterEach(() => stops.splice(0).forEach((stop) => stop()));
  afterAll(() => cleanupTestObjects(docker, run));

  it('marks a restart, then goes on with the new lines and repeats none', async () => {
    const c = await create('app', 'app');
    await c.start();
    const f = follow(['app']);
    await f.until('the first lines', (t) => /line 5\r\n/.test(t));

    await c.restart({ t: 5 });
    await f.until(
      'lines of the second run',
      (t) => runs(t).length === 2 && new RegExp(`run ${runs(t)[1]} line 3\\r\\n`).test(t),
    );

    const all = lines(f.text());
    const [first, second] = runs(f.text());
    const stopped = all.indexOf('app | ── app stopped (exit 3) ──');
    const started = all.indexOf('app | ── app started ──');
    expect(stopped, all.join('\n')).toBeGreaterThan(0);
    expect(started).toBe(stopped + 1);
    expect(all[stopped - 1]).toBe(`app | run ${first} bye`);
    expect(all.slice(0, stopped).every((l) => l.includes(`run ${first} `))).toBe(true);
    expect(
      all.slice(started + 1).filter((l) => !l.includes(`run ${second} `)),
      all.join('\n'),
    ).toEqual([]);
    expect(new Set(all).size, 'no line twice').toBe(all.length);
    // The first run's lines all arrived, in order, none missing.
    const numbers = all.slice(0, stopped - 1).map((l) => Number(/line (\d+)$/.exec(l)![1]));
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));

    const states = f.batches.filter((b) => b.sources).map((b) => b.sources);
    expect(states).toEqual([
      [{ service: 'app', state: 'stopped', exitCode: 3 }],
      [{ service: 'app', state: 'following' }],
    ]);
    expect(f.batches.some((b) => b.done)).toBe(false);
  });

  it('reattaches to a new container of the same service (a recreate), keeping the user’s timestamps', async () => {
    const old = await create('db-old', 'db');
    await old.start();
    const f = follow(['db'], true);
    await f.until('the old container’s lines', (t) => /line 3\r\n/.test(t));
    await old.remove({ force: true });
    await f.until('the end of the old container', (t) => /── db (removed|stopped \(exit 137\)) ──/.test(t));
    expect(f.batches.filter((b) => b.sources).at(-1)?.sources?.[0]?.state).toMatch(/removed|stopped/);

    const fresh = await create('db-new', 'db');
    await fresh.start();
    await f.until('lines of the new container', (t) => /line 3\r\n[\s\S]*line 3\r\n/.test(t));
    const all = lines(f.text());
    expect(all).toContain(`db | ── db started (new container ${fresh.id.slice(0, 12)}) ──`);
    expect(runs(f.text())).toHaveLength(2);
    const [, second] = runs(f.text());
    const firstOfNew = all.findIndex((l) => l.includes(`run ${second} line 1`));
    expect(all[firstOfNew]).toMatch(new RegExp(`^db \\| \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z run ${second} line 1$`));
    expect(new Set(all).size).toBe(all.length);
    expect(f.batches.filter((b) => b.sources).at(-1)?.sources).toEqual([{ service: 'db', state: 'following' }]);
  });

  it('says a container that is already stopped is stopped, and waits for it', async () => {
    const c = await create('done', 'done');
    await c.start();
    await sleep(400);
    await c.stop({ t: 5 });
    const f = follow(['done']);
    await f.until('the stopped marker', (t) => t.includes('── done stopped (exit 3) ──'));
    expect(lines(f.text()).at(-2)).toMatch(/^done \| run \w{8} bye$/);
    await sleep(300);
    expect(f.batches.some((b) => b.done)).toBe(false);
    await c.start();
    await f.until(
      'the second run',
      (t) => runs(t).length === 2 && new RegExp(`run ${runs(t)[1]} line 2\\r\\n`).test(t),
    );
    expect(f.text()).toContain('── done started ──');
    // The stopped run was read without stamps, through its last line: the next run repeats none of it.
    const all = lines(f.text());
    const [first, second] = runs(f.text());
    const started = all.indexOf('done | ── done started ──');
    expect(
      all.slice(0, started).every((l) => l.includes(`run ${first} `) || l.includes('──')),
      all.join('\n'),
    ).toBe(true);
    expect(
      all.slice(started + 1).filter((l) => !l.includes(`run ${second} `)),
      all.join('\n'),
    ).toEqual([]);
    expect(new Set(all).size, 'no line twice').toBe(all.length);
    expect(
      all.some((l) => /\d{4}-\d\d-\d\dT/.test(l)),
      'no stamp shown',
    ).toBe(false);
  });

  it('without follow, still ends at the end of the log', async () => {
    const batches: LogBatch[] = [];
    stops.push(
      logs.follow({ services: ['done'], timestamps: false, follow: false }, (b) => batches.push(b), 'test', false),
    );
    for (let i = 0; i < 100 && !batches.at(-1)?.done; i++) await sleep(50);
    expect(batches.at(-1)?.done).toBe(true);
    expect(batches.map((b) => b.data).join('')).not.toContain('──');
  });
});
