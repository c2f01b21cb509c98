import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../src-shared/api';
import { TEST_IMAGE, TEST_LABEL, testEngine, testName } from '../../test-support/engine';
import { PrivateEngine } from '../../test-support/private-engine';
import { StackService } from './stack-service';

const engine = await testEngine();
const blocker = engine.available ? PrivateEngine.available() : 'no engine';
if (blocker && process.env.CI === 'true') throw new Error(`CI=true but the engine-stop test cannot run: ${blocker}`);

const ROOT = join(__dirname, '..', '..');
const CLI = ['--import', 'tsx', join(ROOT, 'src-main', 'cli', 'main.ts')];

/** db → api → web, each waiting for the one before to be healthy; no published ports. */
function chain(run: string): string {
  const svc = (name: string, dep: string) => `
  ${name}:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "sleep 1; mkdir -p /tmp/www; echo ${name} > /tmp/www/index.html; exec httpd -f -p 8080 -h /tmp/www"]
    stop_grace_period: 1s
    healthcheck:
      test: ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:8080/"]
      interval: 30s
      timeout: 5s
      retries: 3
    labels:
      ${TEST_LABEL}: ${run}
    profiles: [chain]${dep ? `\n    depends_on:\n      ${dep}: { condition: service_healthy }` : ''}`;
  return `services:${svc('db', '')}
    volumes: ["data:/data"]${svc('api', 'db')}${svc('web', 'api')}
volumes:
  data:
    labels:
      ${TEST_LABEL}: ${run}
`;
}

describe.skipIf(blocker !== undefined)('when the Docker engine stops during up', () => {
  const priv = new PrivateEngine();
  const run = testName('upstop');
  const project = run.replace(/[^a-z0-9-]/g, '');
  const templates = mkdtempSync(join(tmpdir(), 'sutazai-upstop-'));
  const home = mkdtempSync(join(tmpdir(), 'sutazai-upstop-home-'));
  let stack: StackService;
  const progress: ProgressEvent[] = [];
  /** The engine's stop, once asked for: a start waits for it, so two engines never share the data root. */
  let stopping: Promise<void> = Promise.resolve();
  const startEngine = async () => {
    await stopping;
    const running = await priv.docker.ping().then(
      () => true,
      () => false,
    );
    if (!running) await priv.start();
  };

  /** `sutazai up` on the private engine; stops the engine as soon as `stopWhen` matches its output. */
  function cliUp(stopWhen?: RegExp): Promise<{ code: number; out: string; err: string }> {
    return new Promise((resolve) => {
      const child = spawn(
        process.execPath,
        [...CLI, 'up', 'chain', '--templates', templates, '--project', project, '--wait'],
        {
          cwd: ROOT,
          env: { ...process.env, DOCKER_HOST: `unix://${priv.socket}`, SUTAZAI_HOME: home },
        },
      );
      let out = '';
      let err = '';
      let asked = false;
      child.stdout.on('data', (d: Buffer) => {
        out += d;
        if (stopWhen && !asked && stopWhen.test(out)) {
          asked = true;
          stopping = priv.stop();
        }
      });
      child.stderr.on('data', (d: Buffer) => (err += d));
      child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
    });
  }

  beforeAll(async () => {
    await priv.start();
    priv.loadTestImage();
    writeFileSync(join(templates, 'stack.yml'), chain(run));
    stack = new StackService({ docker: priv.docker, home, templatesDir: templates, project });
    stack.onProgress((e) => progress.push(e));
  }, 120_000);

  afterAll(async () => {
    stack?.dispose();
    try {
      await startEngine();
      const docker = priv.docker;
      for (const c of await docker.listContainers({ all: true }))
        await docker.getContainer(c.Id).remove({ force: true });
      for (const n of await docker.listNetworks({
        filters: JSON.stringify({ label: [`com.docker.compose.project=${project}`] }),
      }))
        await docker.getNetwork(n.Id).remove();
    } finally {
      await priv.destroy();
      rmSync(templates, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    }
  }, 120_000);

  it('says once that the engine stopped, what was created and started, and that up again continues', async () => {
    const r = await cliUp(/^db\s+running$/m);
    expect(r.code).toBe(1);
    const all = r.out + r.err;
    expect(all.split(priv.socket).length - 1).toBeLessThanOrEqual(1);
    expect(r.out).not.toMatch(/\bfailed\b/);
    expect(r.err).toBe(
      [
        `✗ chain: the Docker engine stopped during \`up\` (${/\(([^)]*)\)\n/.exec(r.err)?.[1]})`,
        `  created before it stopped: networks ${project}_default; volumes ${project}_data; containers ${project}-db-1`,
        '  started before it stopped: db',
        '  not done: api, db, web',
        `Run \`sutazai up chain --templates ${templates} --project ${project} --wait\` again once the engine is back: it continues from there.`,
        '',
      ].join('\n'),
    );
    expect(r.err).toMatch(/stopped during `up` \((connect E\w+|socket hang up|read ECONNRESET)[^)]*\)/);
  }, 120_000);

  it('reports the same through the API: done services kept, the rest interrupted', async () => {
    await startEngine();
    let stopped = false;
    const stopOnApi = stack.onProgress((e) => {
      if (e.service === 'api' && e.phase === 'running' && !stopped) {
        stopped = true;
        stopping = priv.stop();
      }
    });
    const report = await stack.up('chain', true);
    stopOnApi.dispose();
    expect(report.ok).toBe(false);
    expect(report.services).toEqual([
      { service: 'api', outcome: 'interrupted', ready: false },
      { service: 'db', outcome: 'started', ready: true },
      { service: 'web', outcome: 'interrupted', ready: false },
    ]);
    expect(report.engineStopped).toMatchObject({
      created: { networks: [], volumes: [], containers: [`${project}-api-1`] },
      started: ['db', 'api'],
    });
    expect(report.error).toMatch(
      /^The Docker engine stopped during up \(.+\)\. Before it stopped, this up created container .+-api-1 and started db, api\. Start the profile again once the engine is back: up continues from there\.$/,
    );
    expect(progress.filter((e) => e.phase === 'failed')).toEqual([]);
  }, 120_000);

  it('up again, with the engine back, completes from where it was', async () => {
    await startEngine();
    const r = await cliUp();
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/✓ chain: 3 services ready in/);
    const states = await priv.docker.listContainers({
      filters: JSON.stringify({ label: [`com.docker.compose.project=${project}`] }),
    });
    expect(states.map((c) => c.Labels['com.docker.compose.service']).sort()).toEqual(['api', 'db', 'web']);
  }, 120_000);
});
