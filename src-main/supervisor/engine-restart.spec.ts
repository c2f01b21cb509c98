import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEvent, EngineStatus } from '../../src-shared/api';
import { TEST_IMAGE, testEngine } from '../../test-support/engine';
import { PrivateEngine } from '../../test-support/private-engine';
import { EngineClient, EngineMonitor } from '../engine';
import { EventLog } from '../events';
import { openDatabase } from '../store';
import { Supervisor } from './supervisor';

const engine = await testEngine();
const blocker = engine.available ? PrivateEngine.available() : 'no engine';
if (blocker && process.env.CI === 'true') throw new Error(`CI=true but the engine-restart test cannot run: ${blocker}`);

async function until(fn: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(blocker !== undefined)('when the Docker engine restarts', () => {
  const priv = new PrivateEngine();
  const db = openDatabase(':memory:');
  const log = new EventLog(db);
  const seen: AppEvent[] = [];
  log.subscribe((e) => seen.push(e));
  let supervisor: Supervisor;
  let monitor: EngineMonitor;
  const statuses: EngineStatus[] = [];

  const service = async (name: string, cmd: string[]) => {
    const c = await priv.docker.createContainer({
      Image: TEST_IMAGE,
      Cmd: cmd,
      name,
      StopTimeout: 2,
      Labels: {
        'com.docker.compose.project': 'restart-test',
        'com.docker.compose.service': name,
        'ai.sutazai.tier': 'critical',
      },
      HostConfig: { NetworkMode: 'none' },
    });
    await c.start();
  };
  const of = (name: string) => seen.filter((e) => e.service === name).map((e) => e.kind);
  const running = async (name: string) => (await priv.docker.getContainer(name).inspect()).State.Running;

  beforeAll(async () => {
    await priv.start();
    priv.loadTestImage();
    // svc ignores SIGTERM (killed after its stop timeout, exit 137); graceful exits 0 on SIGTERM, as postgres does.
    await service('svc', ['sleep', '600']);
    await service('graceful', ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 0.2; done']);
    await service('parked', ['sleep', '600']);
    supervisor = new Supervisor({
      docker: priv.docker,
      project: 'restart-test',
      events: log,
      policy: { baseMs: 200, jitter: 0 },
    });
    supervisor.start();
    monitor = new EngineMonitor(new EngineClient({ url: `unix://${priv.socket}`, source: 'DOCKER_HOST', tried: [] }), {
      connectedMs: 300,
      disconnectedMs: 300,
    });
    monitor.subscribe((s) => statuses.push(s));
    await until(() => supervisor.engineConnected, 10_000, 'the event stream');
  }, 120_000);

  afterAll(async () => {
    supervisor?.dispose();
    monitor?.dispose();
    await priv.destroy();
    db.close();
  }, 60_000);

  it('reports the engine gone, reconnects by itself, and brings back what its shutdown stopped without calling it a crash', async () => {
    // A stop the user asked for before the engine goes away stays a stop.
    await priv.docker.getContainer('parked').stop({ t: 1 });
    await until(() => of('parked').includes('stopped'), 10_000, 'the user stop of parked');

    await priv.stop();
    await until(() => seen.some((e) => e.kind === 'engine-lost'), 15_000, 'engine-lost');
    await until(() => statuses.some((s) => !s.connected), 5000, 'the engine card to show disconnected');
    expect(statuses.at(-1)!.error).toContain(priv.socket);

    await priv.start();
    await until(() => seen.some((e) => e.kind === 'engine-back'), 30_000, 'engine-back');
    await until(() => statuses.at(-1)!.connected, 5000, 'the engine card to show connected');
    // Both services went down with the engine; supervision starts them again.
    await until(
      async () => (await running('svc')) && (await running('graceful')),
      30_000,
      'svc and graceful running again',
    );
    // The container runs before the start call that said so returns and the event is written.
    await until(
      () => ['svc', 'graceful'].every((name) => of(name).includes('restarted')),
      10_000,
      'the restarted events',
    );
    for (const name of ['svc', 'graceful']) {
      expect(of(name)).toEqual(['stopped-by-engine', 'restarted']);
      expect(supervisor.status().find((s) => s.service === name)).toMatchObject({ restarts: 0, parked: false });
    }
    const down = seen.find((e) => e.service === 'svc' && e.kind === 'stopped-by-engine')!;
    expect(down.message).toMatch(
      /^svc went down with the Docker engine \(exit code \d+\); it starts again when the engine is back$/,
    );
    expect(seen.find((e) => e.service === 'graceful' && e.kind === 'restarted')!.message).toBe(
      'started graceful again now that the engine is back',
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect(await running('parked')).toBe(false);
    expect(of('parked')).toEqual(['stopped']);
  }, 120_000);
});
