import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTestObjects, TEST_IMAGE, TEST_LABEL, testEngine, testName } from '../../test-support/engine';
import type { ProgressEvent } from '../../src-shared/api';
import { StackService } from './stack-service';

const engine = await testEngine();

function composeV1(): boolean {
  try {
    execFileSync('docker-compose', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI === 'true') throw new Error('CI=true but docker-compose is not installed');
    console.warn('\n  ⚠ docker-compose not installed: adoption of a compose-made project is not tested\n');
    return false;
  }
}

/**
 * A project that docker compose (Debian's v1) made and started is taken over as it is: `up` with
 * the same files recreates nothing (the same container ids), `docker-compose ps` still lists every
 * container, a service the app starts joins the same project for compose too, and a changed setting
 * is named when the container is recreated.
 */
describe.skipIf(!engine.available || !composeV1())('a project docker compose made, adopted as it is', () => {
  const docker = engine.docker;
  const run = testName('adopt');
  const project = run.replace(/[^a-z0-9-]/g, '');
  const dir = mkdtempSync(join(tmpdir(), 'sutazai-adopt-'));
  const compose = (greeting: string) => `services:
  web:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "mkdir -p /www && echo \${GREETING} > /www/index.html && exec httpd -f -p 8080 -h /www"]
    environment:
      GREETING: "\${GREETING}"
      MODE: ${greeting}
    ports: ["127.0.0.1::8080"]
    volumes: ["data:/data", "./config:/config:ro"]
    mem_limit: 96m
    cpus: 0.5
    healthcheck: {test: ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:8080/"], interval: 30s}
    stop_grace_period: 2s
    networks: [front, back]
    labels: {${TEST_LABEL}: ${run}, ai.sutazai.tier: critical}
  worker:
    image: ${TEST_IMAGE}
    command: ["sleep", "600"]
    depends_on: [web]
    user: "1000"
    working_dir: /tmp
    tmpfs: [/scratch]
    stop_grace_period: 1s
    networks: [back]
    labels: {${TEST_LABEL}: ${run}}
  tool:
    image: ${TEST_IMAGE}
    command: ["sleep", "600"]
    profiles: [tools]
    stop_grace_period: 1s
    labels: {${TEST_LABEL}: ${run}}
volumes:
  data:
    labels: {${TEST_LABEL}: ${run}}
networks:
  front:
    labels: {${TEST_LABEL}: ${run}}
  back:
    labels: {${TEST_LABEL}: ${run}}
`;
  const stack = new StackService({
    docker,
    home: dir,
    templatesDir: dir,
    project,
    kind: 'folder',
    env: { ...process.env, GREETING: undefined },
  });
  const progress: ProgressEvent[] = [];
  stack.onProgress((e) => progress.push(e));
  const v1 = (...args: string[]) =>
    execFileSync('docker-compose', ['-p', project, ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, GREETING: undefined },
    });
  const ids = () =>
    execFileSync('docker', ['ps', '-aq', '--no-trunc', '--filter', `label=com.docker.compose.project=${project}`], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .filter(Boolean)
      .sort();

  beforeAll(() => {
    mkdirSync(join(dir, 'config'));
    writeFileSync(join(dir, 'config', 'app.conf'), 'key=value\n');
    writeFileSync(join(dir, '.env'), 'GREETING=hello-from-dotenv\n');
    writeFileSync(join(dir, 'docker-compose.yml'), compose('first'));
    v1('up', '-d');
  }, 120_000);

  afterAll(async () => {
    try {
      v1('--profile', 'tools', 'down', '-v', '-t', '1');
    } catch {
      // removed by label below
    }
    await cleanupTestObjects(docker, run);
    rmSync(dir, { recursive: true, force: true });
    stack.dispose();
  });

  it('takes over the running containers without recreating them', async () => {
    const before = ids();
    expect(before).toHaveLength(2);
    const report = await stack.up(undefined, true);
    expect(report.ok, report.error).toBe(true);
    expect(report.services.map((s) => [s.service, s.outcome])).toEqual([
      ['web', 'unchanged'],
      ['worker', 'unchanged'],
    ]);
    expect(ids()).toEqual(before);
    expect(progress.filter((e) => e.phase === 'unchanged').map((e) => e.detail)).toEqual([
      'adopted: created by docker compose 1.29.2 as the compose files describe it',
      'adopted: created by docker compose 1.29.2 as the compose files describe it',
    ]);
    const ps = await stack.ps();
    expect(ps.map((s) => [s.service, s.state, s.tier])).toEqual([
      ['web', 'running', 'critical'],
      ['worker', 'running', 'core'],
    ]);
  });

  it('keeps the project visible to docker-compose ps, including a service the app started', async () => {
    const report = await stack.up(['tools'], true);
    expect(report.services.find((s) => s.service === 'tool')?.outcome).toBe('created');
    const listed = v1('--profile', 'tools', 'ps', '--services', '--filter', 'status=running').trim().split('\n').sort();
    expect(listed).toEqual(['tool', 'web', 'worker']);
    const table = v1('ps');
    expect(table).toContain(`${project}_web_1`);
    expect(table).toContain(`${project}_worker_1`);
  });

  it('recreates a container whose setting changed in the files, naming what differs', async () => {
    writeFileSync(join(dir, 'docker-compose.yml'), compose('second'));
    const before = ids();
    progress.length = 0;
    const report = await stack.up(undefined, true);
    expect(report.ok, report.error).toBe(true);
    expect(report.services.map((s) => [s.service, s.outcome])).toEqual([
      ['web', 'recreated'],
      ['worker', 'unchanged'],
    ]);
    const recreating = progress.find((e) => e.phase === 'recreating');
    expect(recreating?.detail).toBe('created by docker compose 1.29.2; differs in environment MODE');
    const after = ids();
    expect(after).toHaveLength(3);
    expect(after.filter((id) => before.includes(id))).toHaveLength(2);
    // The volume compose made holds on: the recreated container mounts the same one.
    const web = (await stack.ps()).find((s) => s.service === 'web')!;
    const mounts = (await docker.getContainer(web.containerId).inspect()).Mounts;
    expect(mounts.find((m) => m.Destination === '/data')?.Name).toBe(`${project}_data`);
    // And again: now the app's own container, unchanged.
    const again = await stack.up(undefined, true);
    expect(again.services.map((s) => s.outcome)).toEqual(['unchanged', 'unchanged']);
  });
});
