import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../src-shared/api';
import { TEST_IMAGE, TEST_LABEL, testEngine, testName } from '../../test-support/engine';
import { portFree } from './port-check';
import { StackService } from './stack-service';

const engine = await testEngine();

function negativeOomAllowed(): boolean {
  try {
    execFileSync('docker', ['run', '--rm', '--oom-score-adj', '-1', TEST_IMAGE, 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  for (;;) {
    const p = 20000 + Math.floor(Math.random() * 20000);
    if (await portFree(p)) return p;
  }
}

/** A three-service chain: web needs api healthy, api needs db healthy; each becomes healthy after a delay. */
function chainTemplate(run: string, ports: { db: number; api: number; web: number }, extra = ''): string {
  const svc = (name: string, delay: number, port: number, deps: string) => `
  ${name}:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "sleep ${delay}; mkdir -p /tmp/www; echo ${name} > /tmp/www/index.html; exec httpd -f -p 8080 -h /tmp/www"]
    stop_grace_period: 1s
    healthcheck:
      test: ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:8080/"]
      interval: 30s
      timeout: 5s
      retries: 3
    ports: ["127.0.0.1:${port}:8080"]
    labels:
      ${TEST_LABEL}: ${run}
      ai.sutazai.tier: ${name === 'db' ? 'critical' : 'optional'}
    profiles: [chain]${deps}`;
  return `services:${svc(
    'db',
    1.5,
    ports.db,
    `
    volumes: ["data:/data"]${extra}`,
  )}${svc(
    'api',
    1,
    ports.api,
    `
    depends_on:
      db: { condition: service_healthy }`,
  )}${svc(
    'web',
    0.5,
    ports.web,
    `
    depends_on:
      api: { condition: service_healthy }`,
  )}
volumes:
  data:
    labels:
      ${TEST_LABEL}: ${run}
`;
}

describe.skipIf(!engine.available)('Orchestrator on the real engine', () => {
  const run = testName('stack');
  const project = run.replace(/[^a-z0-9-]/g, '');
  let dir: string;
  let home: string;
  let stack: StackService;
  let ports: { db: number; api: number; web: number };
  const events: ProgressEvent[] = [];
  const docker = engine.docker;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sutazai-stack-'));
    home = mkdtempSync(join(tmpdir(), 'sutazai-stack-home-'));
    ports = { db: await freePort(), api: await freePort(), web: await freePort() };
    writeFileSync(join(dir, 'stack.yml'), chainTemplate(run, ports));
    stack = new StackService({ docker, home, templatesDir: dir, project });
    stack.onProgress((e) => events.push(e));
  });

  afterAll(async () => {
    await stack?.down(undefined, true).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  const started = async (service: string) => {
    const [c] = await docker.listContainers({
      all: true,
      filters: JSON.stringify({
        label: [`com.docker.compose.project=${project}`, `com.docker.compose.service=${service}`],
      }),
    });
    const info = await docker.getContainer(c!.Id).inspect();
    return { id: c!.Id, startedAt: Date.parse(info.State.StartedAt), info };
  };

  it('brings a service_healthy chain up in order, each start after its dependency is ready', async () => {
    const report = await stack.up('chain', true);
    expect(report.error).toBeUndefined();
    expect(report.ok).toBe(true);
    expect(report.services.map((s) => [s.service, s.outcome, s.ready])).toEqual([
      ['api', 'created', true],
      ['db', 'created', true],
      ['web', 'created', true],
    ]);
    const [db, api, web] = [await started('db'), await started('api'), await started('web')];
    const readyAt = (s: string) => events.find((e) => e.service === s && e.phase === 'ready')!.time;
    // db serves only 1.5 s after it starts; api may start only once db answered its healthcheck.
    expect(api.startedAt).toBeGreaterThanOrEqual(db.startedAt + 1400);
    expect(api.startedAt).toBeGreaterThanOrEqual(readyAt('db') - 50);
    expect(web.startedAt).toBeGreaterThanOrEqual(api.startedAt + 900);
    expect(web.startedAt).toBeGreaterThanOrEqual(readyAt('api') - 50);
    // With Docker's own 30 s healthcheck interval this chain could not be ready in under a minute.
    expect(report.durationMs).toBeLessThan(25_000);
    expect(events.some((e) => e.service === 'api' && e.phase === 'waiting' && e.detail === 'waiting for db')).toBe(
      true,
    );
    // Compose's own labels, so docker compose and this app see the same stack.
    expect(db.info.Config.Labels).toMatchObject({
      'com.docker.compose.project': project,
      'com.docker.compose.service': 'db',
      'com.docker.compose.oneoff': 'False',
      'ai.sutazai.tier': 'critical',
    });
    // Where the engine allows it, critical services get a negative oom_score_adj; some engines
    // (user namespaces, sandboxes) refuse any negative value, and then it is left at 0.
    expect(db.info.HostConfig.OomScoreAdj).toBe(negativeOomAllowed() ? -500 : 0);
    expect(web.info.HostConfig.OomScoreAdj).toBe(500);
    const ps = await stack.ps();
    expect(ps.map((s) => [s.service, s.state, s.ports[0]?.hostPort])).toEqual([
      ['api', 'running', ports.api],
      ['db', 'running', ports.db],
      ['web', 'running', ports.web],
    ]);
  });

  it('is listed by docker-compose (v1) from the same labels', () => {
    let out: string;
    try {
      out = execFileSync('docker-compose', ['-p', project, '-f', join(dir, 'stack.yml'), '--profile', 'chain', 'ps'], {
        encoding: 'utf8',
        env: { ...process.env },
      });
    } catch (err) {
      const e = err as { code?: string; stderr?: string };
      if (e.code === 'ENOENT' && process.env.CI !== 'true') return;
      throw new Error(`docker-compose ps failed: ${e.stderr ?? String(err)}`);
    }
    for (const s of ['db', 'api', 'web']) expect(out).toContain(`${project}-${s}-1`);
  });

  it('changes nothing when run again with nothing changed', async () => {
    const before = [await started('db'), await started('api'), await started('web')].map((c) => c.id);
    const report = await stack.up('chain', true);
    expect(report.services.map((s) => s.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect([await started('db'), await started('api'), await started('web')].map((c) => c.id)).toEqual(before);
  });

  it('adopts the running stack from its labels after an app restart', async () => {
    const before = [await started('db'), await started('api'), await started('web')].map((c) => c.id);
    const restarted = new StackService({ docker, home, templatesDir: dir, project });
    try {
      expect((await restarted.ps()).map((s) => [s.service, s.state])).toEqual([
        ['api', 'running'],
        ['db', 'running'],
        ['web', 'running'],
      ]);
      const report = await restarted.up('chain', true);
      expect(report.services.map((s) => s.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged']);
      expect([await started('db'), await started('api'), await started('web')].map((c) => c.id)).toEqual(before);
    } finally {
      restarted.dispose();
    }
  });

  it('recreates only the changed service and keeps its volume', async () => {
    const db = await started('db');
    const exec = await docker.getContainer(db.id).exec({ Cmd: ['sh', '-c', 'echo kept > /data/proof'] });
    await exec.start({ hijack: true, stdin: false }).then((s) => new Promise((r) => s.on('end', r)));
    const apiBefore = (await started('api')).id;
    writeFileSync(
      join(dir, 'stack.yml'),
      chainTemplate(
        run,
        ports,
        `
    environment:
      CHANGED: "yes"`,
      ),
    );
    const report = await stack.up('chain', true);
    expect(Object.fromEntries(report.services.map((s) => [s.service, s.outcome]))).toEqual({
      db: 'recreated',
      api: 'unchanged',
      web: 'unchanged',
    });
    const dbAfter = await started('db');
    expect(dbAfter.id).not.toBe(db.id);
    expect((await started('api')).id).toBe(apiBefore);
    const out = await docker.getContainer(dbAfter.id).exec({ Cmd: ['cat', '/data/proof'], AttachStdout: true });
    const text = await out.start({ hijack: true, stdin: false }).then(
      (s) =>
        new Promise<string>((r) => {
          let acc = '';
          s.on('data', (d: Buffer) => (acc += d.toString()));
          s.on('end', () => r(acc));
        }),
    );
    expect(text).toContain('kept');
  });

  it('goes down in reverse order, keeps volumes unless asked', async () => {
    const report = await stack.down();
    expect(report.errors).toEqual([]);
    expect(report.removedContainers).toEqual([`${project}-web-1`, `${project}-api-1`, `${project}-db-1`]);
    expect(report.removedNetworks).toEqual([`${project}_default`]);
    expect(await stack.ps()).toEqual([]);
    await expect(docker.getVolume(`${project}_data`).inspect()).resolves.toBeTruthy();
    await stack.up('chain', false);
    const again = await stack.down(undefined, true);
    expect(again.removedVolumes).toEqual([`${project}_data`]);
    await expect(docker.getVolume(`${project}_data`).inspect()).rejects.toThrow();
  });

  it('refuses a taken port before creating anything, naming the port and a free one', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(ports.api, '127.0.0.1', r));
    try {
      await expect(stack.up('chain', false)).rejects.toMatchObject({
        code: 'CONFLICT',
        message: expect.stringMatching(new RegExp(`port ${ports.api} .*service api.*taken; port \\d+ is free`)),
      });
      expect(await stack.ps()).toEqual([]);
    } finally {
      blocker.close();
    }
  });

  it('refuses a dependency cycle, naming it, and creates nothing', async () => {
    writeFileSync(
      join(dir, 'stack.yml'),
      `services:
  a:
    image: ${TEST_IMAGE}
    profiles: [chain]
    depends_on: [b]
  b:
    image: ${TEST_IMAGE}
    profiles: [chain]
    depends_on: [a]
`,
    );
    await expect(stack.up('chain', false)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/stack\.yml:\d+: services\.a\.depends_on\.b: dependency cycle: a -> b -> a/),
    });
    expect(await stack.ps()).toEqual([]);
  });

  it('refuses a malformed template with file, line and field, and creates nothing', async () => {
    writeFileSync(
      join(dir, 'stack.yml'),
      `services:\n  a:\n    image: ${TEST_IMAGE}\n    profiles: [chain]\n    ports:\n      - "80:80:80"\n`,
    );
    await expect(stack.up('chain', false)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/stack\.yml:6: services\.a\.ports\[0\]: '80:80:80' is not a port mapping/),
    });
    expect(await stack.ps()).toEqual([]);
  });

  it('reports an unreachable engine clearly and creates nothing', async () => {
    writeFileSync(join(dir, 'stack.yml'), chainTemplate(run, ports));
    const nowhere = new StackService({
      docker: new Docker({ socketPath: '/tmp/sutazai-no-engine.sock' }),
      home,
      templatesDir: dir,
      project,
    });
    await expect(nowhere.up('chain', false)).rejects.toMatchObject({
      code: 'ENGINE_UNAVAILABLE',
      message: expect.stringContaining('No Docker engine answers'),
    });
    expect(await stack.ps()).toEqual([]);
  });

  it('reports what runs and what does not when a service fails midway, and down still cleans up', async () => {
    writeFileSync(
      join(dir, 'stack.yml'),
      `services:
  base:
    image: ${TEST_IMAGE}
    command: ["sleep", "600"]
    stop_grace_period: 1s
    profiles: [chain]
  broken:
    image: ${TEST_IMAGE}
    command: ["/no/such/program"]
    profiles: [chain]
    depends_on: [base]
  after:
    image: ${TEST_IMAGE}
    command: ["sleep", "600"]
    profiles: [chain]
    depends_on: [broken]
`,
    );
    const report = await stack.up('chain', false);
    expect(report.ok).toBe(false);
    const outcome = Object.fromEntries(report.services.map((s) => [s.service, s.outcome]));
    expect(outcome).toEqual({ base: 'created', broken: 'failed', after: 'skipped' });
    expect(report.services.find((s) => s.service === 'broken')!.error).toMatch(/no\/such\/program/);
    expect(report.services.find((s) => s.service === 'after')!.error).toBe('dependency broken failed');
    expect(report.error).toMatch(/^broken: /);
    const states = Object.fromEntries((await stack.ps()).map((s) => [s.service, s.state]));
    expect(states.base).toBe('running');
    expect(states.after).toBeUndefined();
    const down = await stack.down();
    expect(down.errors).toEqual([]);
    expect(down.removedContainers).toContain(`${project}-base-1`);
    expect(await stack.ps()).toEqual([]);
  });
});
