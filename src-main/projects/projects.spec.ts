import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEvent, ProjectSummary } from '../../src-shared/api';
import type { LogBatch } from '../../src-shared/api/features/logs';
import { cleanupTestObjects, TEST_IMAGE, TEST_LABEL, testEngine, testName } from '../../test-support/engine';
import { createCore, type Core } from '../core';

const engine = await testEngine();

async function until<T>(fn: () => T | undefined | false | Promise<T | undefined | false>, ms: number, what: string) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

/**
 * A compose folder managed next to the SutazAI stack, on the real engine with local images: added
 * from its folder, two of its profiles started (one service built from a local context), its
 * crashed service restarted by its own supervisor, its optional service (optional by the project's
 * default tier) shed by the one memory guard while the SutazAI project's critical service runs on,
 * its logs and events named after it, and removed without touching its containers.
 */
describe.skipIf(!engine.available)('a compose folder managed as a project', () => {
  const docker = engine.docker;
  const run = testName('projects');
  const name = run.replace(/[^a-z0-9-]/g, '');
  const sutazaiName = `${name}-sutazai`;
  const base = mkdtempSync(join(tmpdir(), 'sutazai-projects-'));
  const templates = join(base, 'templates');
  const folder = join(base, name);
  const label = `${TEST_LABEL}: ${run}`;
  let core: Core;
  const seen: AppEvent[] = [];
  const changes: ProjectSummary[][] = [];

  beforeAll(() => {
    write(templates, {
      'core.yml': `services:
  db:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "dd if=/dev/zero of=/dev/shm/hold bs=1M count=24 2>/dev/null; exec sleep 600"]
    shm_size: 64m
    profiles: [minimal]
    stop_grace_period: 1s
    labels: {ai.sutazai.tier: critical, ${label}}
networks:
  default: {labels: {${label}}}
`,
    });
    write(folder, {
      '.env': 'GREETING=hello-from-dotenv\n',
      'compose.yaml': `services:
  api:
    build: {context: ./api}
    profiles: [app]
    command: ["sh", "-c", "echo api says \${GREETING}; exec httpd -f -p 8080 -h /"]
    stop_grace_period: 1s
    labels: {ai.sutazai.tier: core, ${label}}
  cache:
    image: ${TEST_IMAGE}
    profiles: [app]
    shm_size: 192m
    command: ["sh", "-c", "dd if=/dev/zero of=/dev/shm/hold bs=1M count=128 2>/dev/null; echo cache holding; exec sleep 600"]
    stop_grace_period: 1s
    labels: {${label}}
  worker:
    image: ${TEST_IMAGE}
    profiles: [jobs]
    command: ["sh", "-c", "echo worker started; sleep 600 & wait $$!"]
    stop_grace_period: 1s
    labels: {ai.sutazai.tier: core, ${label}}
networks:
  default: {labels: {${label}}}
`,
      'api/Dockerfile': `FROM ${TEST_IMAGE}\nRUN echo built > /built.txt\n`,
    });
    core = createCore({
      mode: 'browser',
      home: join(base, 'home'),
      templatesDir: templates,
      project: sutazaiName,
      env: { PATH: process.env.PATH },
    });
    core.events.subscribe((e) => seen.push(e));
    core.projects.onDidChange((list) => changes.push(list));
  });

  afterAll(async () => {
    core?.dispose();
    await cleanupTestObjects(docker, run);
    await docker
      .getImage(`${name}-api`)
      .remove({ force: true })
      .catch(() => undefined);
    rmSync(base, { recursive: true, force: true });
  });

  const project = () => core.projects.get(name);
  const containerOf = async (service: string) => (await project().stack.ps()).find((s) => s.service === service)!;

  it('adds the folder under the name compose gives it, with its profiles, and refuses it twice', async () => {
    await core.stack.up(['minimal'], true);
    const added = await core.projects.add({ dir: folder, defaultTier: 'optional' });
    expect(added.project).toMatchObject({ name, kind: 'folder', dir: folder, defaultTier: 'optional' });
    expect(added.project.files).toEqual([join(folder, 'compose.yaml')]);
    expect(added.profiles).toEqual(['app', 'jobs']);
    expect(added.services).toEqual([]);
    expect(added.adopted).toEqual([]);
    expect(core.projects.summaries().map((p) => [p.name, p.kind])).toEqual([
      [sutazaiName, 'sutazai'],
      [name, 'folder'],
    ]);
    expect(changes.at(-1)?.map((p) => p.name)).toEqual([sutazaiName, name]);
    await expect(core.projects.add({ dir: folder })).rejects.toThrow(`a project named '${name}' is already managed`);
    await expect(core.projects.add({ dir: join(base, 'nowhere') })).rejects.toThrow('does not exist');
  });

  it('starts two of its profiles, building the service that has only a build context', async () => {
    core.startSupervision();
    const report = await project().stack.up(['app', 'jobs'], true);
    expect(report.error).toBeUndefined();
    expect(report.services.map((s) => [s.service, s.outcome, s.ready])).toEqual([
      ['api', 'created', true],
      ['cache', 'created', true],
      ['worker', 'created', true],
    ]);
    const ps = await project().stack.ps();
    expect(ps.map((s) => [s.service, s.state, s.tier, s.project])).toEqual([
      ['api', 'running', 'core', name],
      ['cache', 'running', 'optional', name],
      ['worker', 'running', 'core', name],
    ]);
    expect((await docker.getImage(`${name}-api`).inspect()).Config.Labels?.['com.docker.compose.project']).toBe(name);
  }, 120_000);

  it('restarts its service when its process is killed, with events named after the project', async () => {
    const before = await containerOf('worker');
    await until(() => project().supervisor.engineConnected, 10_000, 'supervision');
    const exec = await docker
      .getContainer(before.containerId)
      .exec({ Cmd: ['sh', '-c', 'kill -9 $(pidof sleep)'], AttachStdout: true });
    (await exec.start({})).resume();
    const restarted = await until(
      () => seen.find((e) => e.kind === 'restarted' && e.service === 'worker'),
      20_000,
      'the restart of worker',
    );
    expect(restarted.project).toBe(name);
    const crashed = seen.find((e) => e.kind === 'crashed' && e.service === 'worker')!;
    expect(crashed).toMatchObject({ project: name, message: 'worker exited with code 137' });
    const after = await until(
      async () => ((await containerOf('worker')).state === 'running' ? containerOf('worker') : undefined),
      10_000,
      'worker running again',
    );
    expect(after.containerId).toBe(before.containerId);
    expect(core.events.list({ project: name }).map((e) => e.kind)).toEqual(
      expect.arrayContaining(['crashed', 'restart-scheduled', 'restarted']),
    );
    expect(core.events.list({ project: sutazaiName }).filter((e) => e.service === 'worker')).toEqual([]);
  }, 60_000);

  it('reads its logs, named after the project', async () => {
    const services = await project().logs.services();
    expect(services.map((s) => [s.project, s.service])).toEqual([
      [name, 'api'],
      [name, 'cache'],
      [name, 'worker'],
    ]);
    const batches: LogBatch[] = [];
    await new Promise<void>((resolve) => {
      project().logs.follow(
        { services: ['api', 'worker'], timestamps: false, follow: false },
        (b) => {
          batches.push(b);
          if (b.done) resolve();
        },
        'spec',
        false,
      );
    });
    const text = batches.map((b) => b.data).join('');
    expect(text).toContain('api    | api says hello-from-dotenv');
    expect(text).toContain('worker | worker started');
    const file = await project().logs.download({ services: ['cache'], timestamps: false });
    expect(file.filename.startsWith(`${name}-cache-`)).toBe(true);
    expect(file.text).toContain('cache | cache holding');
  });

  it("keeps its services' metrics under its name, next to the SutazAI stack's", async () => {
    // The collector lists the running containers every 10 s: the folder's appear by the next listing.
    const services = async () =>
      (await core.metrics.tick()).containers
        .filter((c) => c.project === name)
        .map((c) => c.service)
        .sort();
    await until(async () => (await services()).length === 3, 20_000, "the folder's containers in the metrics");
    expect(await services()).toEqual(['api', 'cache', 'worker']);
    const cache = `project.${name}.cache.mem_bytes`;
    expect(core.metricsHistory.seriesNames()).toEqual(expect.arrayContaining([cache, 'svc.db.mem_bytes']));
    const history = core.metricsHistory.history([cache], '5m');
    const last = history.series[0]!.points.at(-1)!;
    // The cache service holds 128 MiB in /dev/shm, which its cgroup counts.
    expect(last[2]).toBeGreaterThan(120 * 1024 * 1024);
  });

  it('takes a change of the default tier at once, without recreating anything', async () => {
    const id = (await containerOf('cache')).containerId;
    core.projects.setDefaultTier(name, 'core');
    expect((await containerOf('cache')).tier).toBe('core');
    expect((await core.guard.tick()).members.find((m) => m.service === 'cache')?.tier).toBe('core');
    core.projects.setDefaultTier(name, 'optional');
    expect((await core.guard.tick()).members.find((m) => m.service === 'cache')?.tier).toBe('optional');
    expect((await containerOf('cache')).containerId).toBe(id);
  });

  it("sheds its optional service under a budget, and leaves the SutazAI project's critical one alone", async () => {
    const status = await until(
      async () => {
        const s = await core.guard.tick();
        const cache = s.members.find((m) => m.service === 'cache');
        return cache && cache.bytes > 100 * 1024 * 1024 ? s : undefined;
      },
      20_000,
      'the cache to hold its memory',
    );
    const projects = new Set(status.members.map((m) => m.project));
    expect(projects).toEqual(new Set([sutazaiName, name]));
    expect(status.members.find((m) => m.service === 'db')).toMatchObject({ project: sutazaiName, tier: 'critical' });
    // A budget the managed projects together fill to about 93 %: over the optional threshold, under the core one.
    core.guard.configure({ budgetBytes: Math.round(status.stackBytes / 0.93) });
    const stop = await until(() => seen.find((e) => e.kind === 'guard-stop'), 20_000, 'the guard to shed a service');
    expect(stop).toMatchObject({ project: name, service: 'cache' });
    expect(stop.message).toMatch(new RegExp(`^stopped cache of ${name} \\(optional, \\d+ MiB\\): stack memory 9\\d %`));
    await until(async () => (await containerOf('cache')).state !== 'running', 10_000, 'cache to stop');
    const sutazai = await core.stack.ps();
    expect(sutazai.map((s) => [s.service, s.state])).toEqual([['db', 'running']]);
    expect((await containerOf('api')).state).toBe('running');
    expect(core.guard.stoppedServices()).toEqual([{ project: name, service: 'cache' }]);
    core.guard.configure({ budgetBytes: null });
    // The guard's stop is a stop someone asked for: the project's supervisor leaves it stopped.
    await new Promise((r) => setTimeout(r, 2000));
    expect((await containerOf('cache')).state).not.toBe('running');
    expect(seen.filter((e) => e.kind === 'restart-scheduled' && e.service === 'cache')).toEqual([]);
  }, 60_000);

  it('forgets the project on remove and leaves its containers as they are', async () => {
    const before = (await project().stack.ps()).map((s) => [s.containerName, s.state]);
    const removed = await core.projects.remove(name);
    expect(removed.down).toBeUndefined();
    expect(removed.kept.sort()).toEqual([`${name}-api-1`, `${name}-cache-1`, `${name}-worker-1`]);
    expect(core.projects.summaries().map((p) => p.name)).toEqual([sutazaiName]);
    expect(() => core.projects.get(name)).toThrow(`No managed project '${name}'`);
    const left = execFileSync(
      'docker',
      ['ps', '-a', '--filter', `label=com.docker.compose.project=${name}`, '--format', '{{.Names}} {{.State}}'],
      { encoding: 'utf8' },
    )
      .trim()
      .split('\n')
      .map((l) => l.split(' '))
      .sort();
    expect(left).toEqual(before.sort());
    // The events it had stay in the log.
    expect(core.events.list({ project: name }).length).toBeGreaterThan(0);
    await core.stack.down();
  });
});

function composeV1(): boolean {
  try {
    execFileSync('docker-compose', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI === 'true') throw new Error('CI=true but docker-compose is not installed');
    return false;
  }
}

/** A folder docker compose already runs is taken over under compose's own name, its containers left as they are. */
describe.skipIf(!engine.available || !composeV1())('adding a folder docker compose already runs', () => {
  const docker = engine.docker;
  const run = testName('projects-adopt');
  const name = run.replace(/[^a-z0-9-]/g, '');
  const base = mkdtempSync(join(tmpdir(), 'sutazai-projects-adopt-'));
  const folder = join(base, 'app');
  const other = join(base, 'other');
  const label = `${TEST_LABEL}: ${run}`;
  const compose = `services:
  web:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "exec httpd -f -p 8080 -h /"]
    stop_grace_period: 1s
    labels: {${label}}
  worker:
    image: ${TEST_IMAGE}
    command: ["sleep", "600"]
    stop_grace_period: 1s
    labels: {${label}}
`;
  let core: Core;
  const ids = () =>
    execFileSync('docker', ['ps', '-aq', '--no-trunc', '--filter', `label=com.docker.compose.project=${name}`], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .sort();

  beforeAll(() => {
    write(folder, { 'docker-compose.yml': compose });
    write(other, { 'docker-compose.yml': compose });
    execFileSync('docker-compose', ['-p', name, 'up', '-d'], { cwd: folder, stdio: 'ignore' });
    core = createCore({
      mode: 'browser',
      home: join(base, 'home'),
      project: `${name}-sutazai`,
      env: { PATH: process.env.PATH },
    });
  }, 60_000);

  afterAll(async () => {
    core?.dispose();
    try {
      execFileSync('docker-compose', ['-p', name, 'down', '-t', '1'], { cwd: folder, stdio: 'ignore' });
    } catch {
      // removed by label below
    }
    await cleanupTestObjects(docker, run);
    rmSync(base, { recursive: true, force: true });
  });

  it('takes the name and containers from their labels, and up changes nothing', async () => {
    const before = ids();
    expect(before).toHaveLength(2);
    const added = await core.projects.add({ dir: folder });
    expect(added.project.name).toBe(name);
    expect(added.project.files).toEqual([join(folder, 'docker-compose.yml')]);
    expect(added.adopted.map((c) => [c.service, c.containerName, c.state]).sort()).toEqual([
      ['web', `${name}_web_1`, 'running'],
      ['worker', `${name}_worker_1`, 'running'],
    ]);
    const report = await core.projects.get(name).stack.up(undefined, true);
    expect(report.services.map((s) => [s.service, s.outcome])).toEqual([
      ['web', 'unchanged'],
      ['worker', 'unchanged'],
    ]);
    expect(ids()).toEqual(before);
  });

  it('refuses a second folder under the name whose containers came from the first', async () => {
    await core.projects.remove(name);
    await expect(core.projects.add({ dir: other, name })).rejects.toThrow(
      `Compose project '${name}' already has containers made from ${folder}, not from ${other}`,
    );
    expect(ids()).toHaveLength(2);
  });
});
