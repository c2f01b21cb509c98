import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FIXTURE_CATALOG,
  digestOf,
  startOllamaApiServer,
  type OllamaApiServer,
} from '../test-support/ollama-api-server';
import { STARTER_MODELS } from '../src-main/setup/model-choice';
import { FirstRunPage } from './pages/first-run-page';
import { engineWithTestImage, TEST_IMAGE } from './support/engine';
import { startAppServer, type AppServer } from './support/app-server';

test.describe('First run without an engine', () => {
  let app: AppServer;
  test.beforeAll(async () => {
    app = await startAppServer({
      firstRun: true,
      env: { DOCKER_HOST: 'unix:///tmp/sutazai-e2e-first-run-no-engine.sock' },
    });
  });
  test.afterAll(async () => app?.stop());

  test('guides through the six steps, says what is missing and how to get it, and does not come back once finished', async ({
    page,
  }) => {
    const run = new FirstRunPage(page);
    await page.goto(app.url);
    await expect(page).toHaveURL(/#\/welcome$/);
    await run.expectStep(1, 'The engine');
    await expect(run.step.getByTestId('engine-missing')).toContainText('No Docker engine found');
    await expect(run.step).toContainText('/tmp/sutazai-e2e-first-run-no-engine.sock');
    for (const name of ['Docker Engine', 'Rootless Docker', 'Podman', 'Docker Desktop'])
      await expect(run.step.getByText(name, { exact: true })).toBeVisible();
    await run.step.getByRole('button', { name: 'Check again' }).click();
    await expect(run.step.getByTestId('engine-missing')).toBeVisible();

    await run.next();
    await run.expectStep(2, 'This machine');
    await expect(run.step.getByTestId('machine-cores')).toContainText(`${cpus().length} threads`);
    await expect(run.step.getByTestId('recommended-profile')).toContainText(
      /Recommended profile: \w+\. Its \d+ services reserve/,
    );

    await run.next();
    await run.expectStep(3, 'Secrets');
    await expect(run.step.getByTestId('secrets-summary')).toContainText(/\d+ secrets generated/);
    await expect(run.step.getByTestId('secret-names')).toContainText('POSTGRES_PASSWORD');
    const stored = Object.fromEntries(
      readFileSync(join(app.home, 'stack.env'), 'utf8')
        .split('\n')
        .filter((l) => l.includes('=') && !l.startsWith('#'))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    // Never shown unless asked.
    await expect(page.getByText(stored.POSTGRES_PASSWORD!)).toHaveCount(0);
    await run.step.getByRole('button', { name: 'Show the values' }).click();
    await expect(run.step.getByTestId('secret-values')).toContainText(stored.POSTGRES_PASSWORD!);
    await run.step.getByRole('button', { name: 'Hide the values' }).click();
    await expect(page.getByText(stored.POSTGRES_PASSWORD!)).toHaveCount(0);

    await run.next();
    await run.expectStep(4, 'Start the stack');
    await expect(run.step).toContainText('Connect an engine first');
    await expect(run.step.getByRole('button', { name: /Start the recommended profile/ })).toBeDisabled();

    await run.next();
    await run.expectStep(5, 'A model');
    await expect(run.step.getByTestId('recommended-model')).toContainText(/fits in (RAM|VRAM)/);
    await expect(run.step).toContainText('Ollama is not reachable');

    await run.next();
    await run.expectStep(6, 'Start and notifications');
    await expect(page.getByRole('checkbox', { name: 'Close the window to the tray' })).toBeDisabled();
    await run.finish();
    await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
    await page.waitForTimeout(500);
    expect(page.url()).not.toContain('#/welcome');

    // Reachable again from Settings.
    await page.goto(`${app.origin}/#/settings`);
    await page.getByRole('button', { name: 'Run the first-run guide again' }).click();
    await run.expectStep(1, 'The engine');
  });

  test('can be skipped', async ({ page }) => {
    const other = await startAppServer({
      firstRun: true,
      env: { DOCKER_HOST: 'unix:///tmp/sutazai-e2e-first-run-no-engine.sock' },
    });
    try {
      await page.goto(other.url);
      await new FirstRunPage(page).skip();
      await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
      await page.reload();
      await page.waitForTimeout(500);
      expect(page.url()).not.toContain('#/welcome');
    } finally {
      await other.stop();
    }
  });
});

test.describe('First run with an engine', () => {
  test.skip(!engineWithTestImage(), 'no engine with the local test image');
  const project = `sutazai-e2e-first-${process.pid}`;
  let app: AppServer;
  let ollama: OllamaApiServer;
  let dir: string;

  test.beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sutazai-e2e-first-run-'));
    writeFileSync(
      join(dir, 'stack.yml'),
      `services:
  store:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "exec sleep 600"]
    stop_grace_period: 1s
    deploy: {resources: {limits: {memory: 64M}, reservations: {memory: 16M}}}
    labels: {ai.sutazai.tier: critical}
    profiles: [starter]
  worker:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "exec sleep 600"]
    stop_grace_period: 1s
    depends_on: [store]
    deploy: {resources: {limits: {memory: 64M}, reservations: {memory: 16M}}}
    labels: {ai.sutazai.tier: optional}
    profiles: [starter]
`,
    );
    // The test Ollama server can pull each starter model (fixture layers, no weights).
    const catalog = [
      ...FIXTURE_CATALOG,
      ...STARTER_MODELS.filter(
        (m) => !FIXTURE_CATALOG.some((f) => f.name.startsWith(`${m.name}:`) || f.name === m.name),
      ).map((m) => ({
        name: m.name.includes(':') ? m.name : `${m.name}:latest`,
        family: 'llama',
        parameterSize: m.parameterSize,
        quantization: m.quantization,
        layers: [{ digest: digestOf(`${m.name}-weights`), size: m.sizeBytes }],
      })),
    ];
    ollama = await startOllamaApiServer({ catalog, pullChunkBytes: 400_000_000, pullDelayMs: 20 });
    app = await startAppServer({
      firstRun: true,
      args: ['--templates', dir, '--project', project, '--ollama-url', ollama.url],
    });
  });

  test.afterAll(async () => {
    await app?.stop();
    await ollama?.close();
    const ids = execFileSync('docker', ['ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`], {
      encoding: 'utf8',
    }).trim();
    if (ids) execFileSync('docker', ['rm', '-f', ...ids.split('\n')], { stdio: 'ignore' });
    try {
      execFileSync('docker', ['network', 'rm', `${project}_default`], { stdio: 'ignore' });
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true });
  });

  test('finds the engine, starts the recommended profile with progress, and pulls the model that fits', async ({
    page,
  }) => {
    const version = execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], { encoding: 'utf8' }).trim();
    const run = new FirstRunPage(page);
    await page.goto(app.url);
    await run.expectStep(1, 'The engine');
    await expect(run.step.getByTestId('engine-found')).toContainText(`Found Docker ${version}`);

    await run.next();
    await expect(run.step.getByTestId('recommended-profile')).toContainText(
      'Recommended profile: starter. Its 2 services reserve',
    );
    await run.next();
    await run.next();
    await run.expectStep(4, 'Start the stack');
    await expect(run.step.getByTestId('start-store')).toContainText('not started');
    await run.step.getByRole('button', { name: 'Start the recommended profile (starter)' }).click();
    await expect(run.step.getByTestId('start-result')).toHaveText(/starter is running/, { timeout: 60_000 });
    await expect(run.step.getByTestId('start-store')).toContainText(/running|ready/);
    await expect(run.step.getByTestId('start-worker')).toContainText(/running|ready/);
    const running = execFileSync(
      'docker',
      [
        'ps',
        '--filter',
        `label=com.docker.compose.project=${project}`,
        '--format',
        '{{.Label "com.docker.compose.service"}}',
      ],
      { encoding: 'utf8' },
    );
    expect(running.trim().split('\n').sort()).toEqual(['store', 'worker']);

    await run.next();
    await run.expectStep(5, 'A model');
    const recommended = (await run.step.getByTestId('recommended-model').locator('strong').textContent())!;
    expect(STARTER_MODELS.map((m) => m.name)).toContain(recommended);
    await run.step.getByRole('button', { name: `Pull ${recommended}` }).click();
    await expect(run.step.getByTestId(`pull-${recommended}`)).toContainText('success', { timeout: 30_000 });
    const tags = (await (await fetch(`${ollama.url}/api/tags`)).json()) as { models: { name: string }[] };
    expect(tags.models.map((m) => m.name)).toContain(recommended.includes(':') ? recommended : `${recommended}:latest`);

    await run.next();
    await run.finish();
    await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  });
});
