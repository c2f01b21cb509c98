import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fillComposeYaml } from '../test-support/memory-fill';
import {
  digestOf,
  FIXTURE_CATALOG,
  startOllamaApiServer,
  type OllamaApiServer,
} from '../test-support/ollama-api-server';
import { MetricsRepository } from '../src-main/metrics';
import { openDatabase } from '../src-main/store';
import { PlanDialog } from './pages/plan-dialog';
import { StackPage } from './pages/stack-page';
import { engineWithTestImage, TEST_IMAGE } from './support/engine';
import { callApi, startAppServer, type AppServer } from './support/app-server';

/** Each service of the project with its state, from the engine. */
function states(project: string): Record<string, string> {
  const out = execFileSync(
    'docker',
    [
      'ps',
      '-a',
      '--filter',
      `label=com.docker.compose.project=${project}`,
      '--format',
      '{{.Label "com.docker.compose.service"}} {{.State}}',
    ],
    { encoding: 'utf8' },
  );
  return Object.fromEntries(
    out
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(' ') as [string, string]),
  );
}

/** Waits until a service's fill is written whole (its /dev/shm/fill holds `mib` MiB). */
async function filled(project: string, service: string, mib: number): Promise<void> {
  const name = `${project}-${service}-1`;
  await expect
    .poll(
      () => {
        try {
          return Number(
            execFileSync('docker', ['exec', name, 'sh', '-c', 'wc -c < /dev/shm/fill'], { encoding: 'utf8' }),
          );
        } catch {
          return 0;
        }
      },
      { timeout: 30_000 },
    )
    .toBe(mib * 1024 * 1024);
}

function removeProject(project: string): void {
  const ids = execFileSync('docker', ['ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`], {
    encoding: 'utf8',
  }).trim();
  if (ids) execFileSync('docker', ['rm', '-f', ...ids.split('\n')]);
  try {
    execFileSync('docker', ['network', 'rm', `${project}_default`], { stdio: 'ignore' });
  } catch {
    // already gone
  }
}

const compose = (run: string) =>
  fillComposeYaml(
    [
      { name: 'keeper', tier: 'critical', mib: 32, profiles: ['base'], reservation: '32M', limit: '1G' },
      { name: 'helper', tier: 'optional', mib: 96, profiles: ['base'], reservation: '96M' },
      { name: 'bigcore', tier: 'critical', mib: 300, profiles: ['heavy'], reservation: '300M' },
      { name: 'extra', tier: 'optional', mib: 48, profiles: ['heavy'], reservation: '48M' },
    ],
    run,
    TEST_IMAGE,
  );

test.describe('Start on a profile that does not fit (a 320 MiB memory budget)', () => {
  test.skip(!engineWithTestImage(), 'no engine with the local test image');
  const project = `sutazai-e2e-plan-${process.pid}`;
  let app: AppServer;
  let dir: string;

  test.beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sutazai-e2e-plan-'));
    writeFileSync(join(dir, 'stack.yml'), compose(project));
    app = await startAppServer({ args: ['--templates', dir, '--project', project, '--memory-budget', '320M'] });
  });
  test.afterAll(async () => {
    await app?.stop();
    removeProject(project);
    rmSync(dir, { recursive: true, force: true });
  });

  test('shows the plan, and cancel, stop-first, without-optional and anyway each do what they say', async ({
    page,
  }) => {
    test.setTimeout(240_000);
    const stack = new StackPage(page);
    const plan = new PlanDialog(page);
    const base = stack.profile('base');
    const heavy = stack.profile('heavy');
    const anyway = async () =>
      (
        (await callApi(app.origin, app.token, 'events:list', { project, kinds: ['guard-anyway'] })) as {
          message: string;
        }[]
      ).map((e) => e.message);
    const resetHeavy = async () => {
      await heavy.getByRole('button', { name: 'Stop' }).click();
      await expect(heavy.getByTestId('profile-state')).toHaveText('0 / 2 running', { timeout: 30_000 });
      await base.getByRole('button', { name: 'Start' }).click();
      await expect(base.getByTestId('profile-state')).toHaveText('2 / 2 running', { timeout: 30_000 });
      await filled(project, 'helper', 96);
    };
    await stack.open(app.url);

    // 128 MiB of 320: a plain "fits" starts at once.
    await base.getByRole('button', { name: 'Start' }).click();
    await expect(base.getByTestId('profile-state')).toHaveText('2 / 2 running', { timeout: 30_000 });
    await expect(plan.root).toHaveCount(0);
    await filled(project, 'keeper', 32);
    await filled(project, 'helper', 96);

    await heavy.getByRole('button', { name: 'Start' }).click();
    await expect(plan.verdict).toHaveText('would not fit');
    await expect(plan.summary).toHaveText(
      /^would not fit even so: 10\d % of the 320 MiB memory budget after the guard stops helper, extra; if memory runs out the kernel kills bigcore first$/,
    );
    await expect(plan.service('bigcore')).toContainText(
      'its memory reservation (deploy.resources.reservations.memory 300 MiB)',
    );
    await expect(plan.root.getByTestId('plan-shed')).toContainText('helper (optional');
    await expect(plan.root.getByTestId('plan-oom')).toContainText(
      /bigcore \(critical, oom_score_adj (-500|0), 300\.0 MiB\)/,
    );
    await expect(plan.choice('Start without the optional services (extra)')).toBeVisible();

    // Cancel: nothing of the profile is created.
    await plan.choice('Cancel').click();
    await expect(plan.root).toHaveCount(0);
    expect(states(project)).toEqual({ keeper: 'running', helper: 'running' });

    // Stop a named service first: helper stops, then both start.
    await heavy.getByRole('button', { name: 'Start' }).click();
    await plan.choice('Stop helper first').click();
    await expect(heavy.getByTestId('profile-state')).not.toHaveText('0 / 2 running', { timeout: 30_000 });
    await expect.poll(() => states(project).bigcore, { timeout: 30_000 }).toBe('running');
    expect(states(project)).toMatchObject({ helper: 'exited', extra: expect.any(String) });
    expect(await anyway()).toEqual([expect.stringMatching(/^start heavy anyway \(stop-first\)/)]);
    await resetHeavy();

    // Without the optional services: extra is never created.
    await heavy.getByRole('button', { name: 'Start' }).click();
    await plan.choice('Start without the optional services').click();
    await expect.poll(() => states(project).bigcore, { timeout: 30_000 }).toBe('running');
    expect(states(project).extra).toBeUndefined();
    await resetHeavy();

    // Anyway: everything starts, and the guard stops what the plan said, in its order.
    const since = Date.now();
    await heavy.getByRole('button', { name: 'Start' }).click();
    await plan.choice('Start anyway').click();
    await expect.poll(() => states(project).extra, { timeout: 30_000 }).toBeDefined();
    const stops = async () =>
      (
        (await callApi(app.origin, app.token, 'events:list', { project, kinds: ['guard-stop'], since })) as {
          service: string;
        }[]
      )
        .map((e) => e.service)
        .reverse();
    await expect.poll(stops, { timeout: 30_000 }).toEqual(['helper', 'extra']);
    expect(await anyway()).toHaveLength(3);
  });
});

test.describe('Load on a model that does not fit (the Ollama API test server)', () => {
  let app: AppServer;
  let ollama: OllamaApiServer;
  test.beforeAll(async () => {
    ollama = await startOllamaApiServer({
      catalog: [
        ...FIXTURE_CATALOG,
        {
          name: 'bigmodel:70b',
          family: 'llama',
          parameterSize: '70B',
          quantization: 'Q4_0',
          layers: [{ digest: digestOf('bigmodel-weights'), size: 40_000_000_000 }],
        },
      ],
      installed: ['tinyllama:latest', 'bigmodel:70b'],
    });
    app = await startAppServer({ args: ['--ollama-url', ollama.url] });
  });
  test.afterAll(async () => {
    await app?.stop();
    await ollama?.close();
  });

  test('shows where it would sit and loads it only when told to', async ({ page }) => {
    const plan = new PlanDialog(page);
    await page.goto(app.url);
    await page.getByRole('link', { name: 'Models' }).click();
    const big = page.getByTestId('model-row').filter({ hasText: 'bigmodel:70b' });
    await big.getByRole('button', { name: 'Load' }).click();
    await expect(plan.verdict).toHaveText('would not fit');
    await expect(plan.root.getByTestId('plan-model')).toHaveText(/^in RAM \(no GPU\): \d+\.\d GiB$/);
    await expect(plan.summary).toContainText('more than the host has');
    await plan.choice('Cancel').click();
    expect(ollama.requests.filter((r) => r.path === '/api/generate')).toHaveLength(0);

    // A model that fits loads at once.
    const tiny = page.getByTestId('model-row').filter({ hasText: 'tinyllama' });
    await tiny.getByRole('button', { name: 'Load' }).click();
    await expect(tiny.getByTestId('model-loaded')).toHaveText('loaded');
    await expect(plan.root).toHaveCount(0);

    await big.getByRole('button', { name: 'Load' }).click();
    await plan.choice('Load anyway').click();
    await expect(big.getByTestId('model-loaded')).toHaveText('loaded');
  });
});

test.describe('Limits sized from measured use on the Hardware page', () => {
  test.skip(!engineWithTestImage(), 'no engine with the local test image');
  const project = `sutazai-e2e-sizing-${process.pid}`;
  let app: AppServer;
  let dir: string;
  let home: string;

  test.beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sutazai-e2e-sizing-'));
    home = mkdtempSync(join(tmpdir(), 'sutazai-e2e-sizing-home-'));
    writeFileSync(join(dir, 'stack.yml'), compose(project));
    mkdirSync(home, { recursive: true, mode: 0o700 });
    // Two hours of keeper at about 32 MiB under its 1 GiB limit, as the metrics collector keeps them.
    const db = openDatabase(join(home, 'sutazai.db'));
    const repository = new MetricsRepository(db);
    const start = Math.floor((Date.now() - 2 * 3_600_000) / 60_000) * 60_000;
    for (let t = start; t < Date.now(); t += 60_000)
      repository.record(t, { 'svc.keeper.mem_bytes': (30 + ((t / 60_000) % 3)) * 1024 * 1024 });
    repository.flush();
    db.close();
    app = await startAppServer({ home, args: ['--templates', dir, '--project', project] });
  });
  test.afterAll(async () => {
    await app?.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  test('recommends a limit and reservation from the history, and applies and undoes them through the override file', async ({
    page,
  }) => {
    await page.goto(app.url);
    await page.getByRole('link', { name: 'Hardware' }).click();
    const keeper = page.getByTestId('sizing-keeper');
    await expect(keeper).toContainText('limit far above use');
    await expect(keeper).toContainText('uses p99 32 MiB over 2.0 h of its 1.0 GiB limit');
    await expect(keeper.getByTestId('sizing-recommended')).toHaveText('limit 192.0 MiB, reservation 64.0 MiB');
    const overrideFile = join(home, 'compose.override.yml');
    await keeper.getByRole('button', { name: 'Apply' }).click();
    await expect(keeper.getByRole('button', { name: 'Undo' })).toBeVisible();
    const written = readFileSync(overrideFile, 'utf8');
    expect(written).toContain('limit-sizing:keeper');
    expect(written).toMatch(
      /keeper:\n\s+deploy:\n\s+resources:\n\s+limits:\n\s+memory: 192m\n\s+reservations:\n\s+memory: 64m/,
    );
    await keeper.getByRole('button', { name: 'Undo' }).click();
    await expect(keeper.getByRole('button', { name: 'Apply' })).toBeVisible();
    expect(existsSync(overrideFile)).toBe(false);
  });
});
