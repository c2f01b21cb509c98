import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../src-shared/api';
import type { LogBatch } from '../../src-shared/api/features/logs';
import { lockTemplatePorts } from '../../test-support/port-lock';
import { serviceImagesEngine, SERVICE_IMAGES_OVERRIDE, TEMPLATES_DIR } from '../../test-support/service-images';
import { EventLog } from '../events';
import { MemoryGuard } from '../guard';
import { LogService } from '../logs';
import { MetricsCollector } from '../metrics';
import { StackService } from '../stack';
import { waitReady } from '../stack/readiness-probe';
import { openDatabase } from '../store';
import { CgroupLocator, ContainerMemory } from '../host';
import { Supervisor } from './supervisor';

const engine = await serviceImagesEngine();
const MiB = 1024 * 1024;
/** PostgreSQL, Redis and their exporters, from the templates with only the image swapped. */
const SERVICES = ['postgres', 'redis', 'postgres-exporter', 'redis-exporter'];

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
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function exec(docker: Docker, id: string, cmd: string[]): Promise<{ code: number; output: string }> {
  const e = await docker.getContainer(id).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await e.start({ hijack: true, stdin: false });
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  await new Promise((r) => stream.on('end', r));
  // Strip the 8-byte frame headers of the multiplexed stream.
  const raw = Buffer.concat(chunks);
  let output = '';
  for (let i = 0; i + 8 <= raw.length;) {
    const n = raw.readUInt32BE(i + 4);
    output += raw.subarray(i + 8, i + 8 + n).toString();
    i += 8 + n;
  }
  return { code: (await e.inspect()).ExitCode ?? -1, output };
}

describe.skipIf(!engine.available)(
  'the app on real PostgreSQL and Redis (Debian-built images, shipped templates)',
  () => {
    const docker = engine.docker;
    const project = `sutazai-test-real-${process.pid}`;
    const home = mkdtempSync(join(tmpdir(), 'sutazai-real-home-'));
    const stack = new StackService({
      docker,
      home,
      templatesDir: TEMPLATES_DIR,
      project,
      overrideFile: SERVICE_IMAGES_OVERRIDE,
      env: {},
    });
    const db = openDatabase(':memory:');
    const events = new EventLog(db);
    const seen: AppEvent[] = [];
    events.subscribe((e) => seen.push(e));
    let release: () => void = () => undefined;
    const containerOf = async (service: string) =>
      (
        await docker.listContainers({
          all: true,
          filters: JSON.stringify({
            label: [`com.docker.compose.project=${project}`, `com.docker.compose.service=${service}`],
          }),
        })
      )[0]!;
    const psql = async (sql: string) =>
      exec(docker, (await containerOf('postgres')).Id, ['psql', '-U', 'sutazai', '-d', 'sutazai', '-tAc', sql]);

    beforeAll(async () => {
      release = await lockTemplatePorts();
      const model = stack.load('debian-built');
      model.services = Object.fromEntries(Object.entries(model.services).filter(([name]) => SERVICES.includes(name)));
      const report = await stack.orchestrator.up(model, { profile: 'debian-built', wait: true });
      expect(report.error).toBeUndefined();
    }, 600_000);

    afterAll(async () => {
      await stack.down(undefined, true).catch(() => undefined);
      release();
      db.close();
      rmSync(home, { recursive: true, force: true });
    }, 120_000);

    it('PostgreSQL was initialised from the template environment and its exporter sees it', async () => {
      const r = await psql('select current_user, current_database(), version()');
      expect(r.code).toBe(0);
      expect(r.output).toMatch(/^sutazai\|sutazai\|PostgreSQL 15\./);
      const metrics = await (await fetch('http://127.0.0.1:10207/metrics')).text();
      expect(metrics).toMatch(/^pg_up 1$/m);
    });

    it('metrics show the real processes memory against the templates limits', async () => {
      const collector = new MetricsCollector({
        docker,
        localEngine: engine.endpoint.startsWith('unix:'),
        home,
        project,
      });
      await collector.tick();
      await new Promise((r) => setTimeout(r, 1100));
      const snapshot = (await collector.tick())!;
      const of = (service: string) => snapshot.containers.find((c) => c.project === project && c.service === service)!;
      expect(of('postgres').memLimitBytes).toBe(2048 * MiB);
      expect(of('redis').memLimitBytes).toBe(1024 * MiB);
      expect(of('postgres-exporter').memLimitBytes).toBe(128 * MiB);
      // A running PostgreSQL (postmaster, checkpointer, writers) holds more than an exporter.
      expect(of('postgres').memBytes).toBeGreaterThan(8 * MiB);
      expect(of('postgres').memBytes).toBeLessThan(of('postgres').memLimitBytes);
      expect(of('redis-exporter').memBytes).toBeGreaterThan(1 * MiB);
      collector.dispose();
    });

    it('a really killed PostgreSQL is restarted, the readiness gate waits for connections, and its log follows across', async () => {
      await psql("create table kept (v text); insert into kept values ('before the kill')");
      const supervisor = new Supervisor({
        docker,
        project,
        events,
        memory: new ContainerMemory({ docker, cgroups: new CgroupLocator({ docker }) }),
        policy: { baseMs: 500, capMs: 5000, jitter: 0, maxRestarts: 5, windowMs: 600_000 },
      });
      supervisor.start();
      const logs = new LogService({ docker, project });
      const batches: LogBatch[] = [];
      const stopFollow = logs.follow(
        { services: ['postgres'], timestamps: false, follow: true },
        (b) => batches.push(b),
        'test',
        false,
      );
      const text = () => batches.map((b) => b.data).join('');
      try {
        await until(() => supervisor.engineConnected, 10_000, 'the event stream');
        await until(() => /ready to accept connections/.test(text()), 15_000, 'the log so far');
        const before = (text().match(/ready to accept connections/g) ?? []).length;
        const pg = await docker.getContainer((await containerOf('postgres')).Id).inspect();
        const killedAt = Date.now();
        process.kill(pg.State.Pid, 'SIGKILL'); // the postmaster dies, as in a crash; nobody asked the engine to stop it
        const restarted = await until(
          () => seen.find((e) => e.service === 'postgres' && e.kind === 'restarted'),
          30_000,
          'the supervisor restart',
        );
        expect(seen.find((e) => e.service === 'postgres' && e.kind === 'crashed')!.message).toMatch(
          /exited with code 137/,
        );
        const began = Date.now();
        await waitReady(docker, pg.Id, stack.load('debian-built').services.postgres!.healthcheck);
        const gateMs = Date.now() - began;
        const after = await psql('select v from kept');
        expect(after).toEqual({ code: 0, output: 'before the kill\n' });
        console.log(
          `  postgres killed -> restarted ${restarted.time - killedAt} ms, then ready (accepting connections) after ${gateMs} ms`,
        );
        await until(
          () => (text().match(/ready to accept connections/g) ?? []).length > before,
          15_000,
          'the new run in the log',
        );
        const t = text();
        expect(t).toMatch(/postgres stopped \(exit 137\)/);
        expect(t).toMatch(/postgres started/);
        expect(t.indexOf('postgres started')).toBeLessThan(t.lastIndexOf('ready to accept connections'));
        // Crash recovery is in the second run's lines, after the marker.
        expect(t.slice(t.indexOf('postgres started'))).toMatch(
          /database system was interrupted|not properly shut down|redo/,
        );
        const lines = t.split('\r\n').filter((l) => /database system is ready/.test(l));
        expect(lines.length).toBe(before + 1);
      } finally {
        stopFollow();
        supervisor.dispose();
      }
    }, 120_000);

    it('the guard sheds an optional exporter under a budget and never touches PostgreSQL or Redis', async () => {
      const collector = new MetricsCollector({
        docker,
        localEngine: engine.endpoint.startsWith('unix:'),
        home,
        project,
      });
      await collector.tick();
      await new Promise((r) => setTimeout(r, 1100));
      const used = (await collector.tick())!.containers
        .filter((c) => c.project === project)
        .reduce((a, c) => a + c.memBytes, 0);
      collector.dispose();
      // A budget the stack fills to about 93 %: over the optional threshold, under the core one.
      const guard = new MemoryGuard({
        docker,
        projects: () => [{ name: project, defaultTier: 'core' }],
        events,
        budgetBytes: Math.round(used / 0.93),
        settleMs: 3000,
      });
      guard.start();
      try {
        const stop = await until(
          () => seen.find((e) => e.kind === 'guard-stop'),
          20_000,
          'the guard to shed a service',
        );
        expect(['postgres-exporter', 'redis-exporter']).toContain(stop.service);
        expect(stop.message).toMatch(/optional/);
        await until(
          async () => (await containerOf(stop.service)).State === 'exited',
          20_000,
          `${stop.service} to stop`,
        );
        await new Promise((r) => setTimeout(r, 4000));
        for (const critical of ['postgres', 'redis']) {
          expect((await containerOf(critical)).State, critical).toBe('running');
          expect(seen.filter((e) => e.kind === 'guard-stop' && e.service === critical)).toEqual([]);
        }
      } finally {
        guard.dispose();
      }
    }, 60_000);
  },
);
