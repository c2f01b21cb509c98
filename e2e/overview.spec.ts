import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { OverviewPage } from './pages/overview-page';
import { startAppServer, type AppServer } from './support/app-server';

function engineVersion(): string | undefined {
  try {
    return execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], { encoding: 'utf8', timeout: 10_000 }).trim();
  } catch {
    return undefined;
  }
}

test.describe('Overview with a real engine', () => {
  const version = engineVersion();
  if (!version && process.env.CI === 'true') throw new Error('CI=true but no Docker engine answers');
  test.skip(!version, 'no Docker engine answers here: start one to run this test');

  let app: AppServer;
  test.beforeAll(async () => {
    app = await startAppServer();
  });
  test.afterAll(async () => app?.stop());

  test('shows the engine version and a CPU figure that moves', async ({ page }) => {
    const overview = new OverviewPage(page);
    await overview.open(app.url);
    await expect(overview.engineCard.getByTestId('engine-version')).toHaveText(version!);
    await expect(overview.engineCard).toContainText('Connected');
    await expect(overview.memory).toContainText('used of');
    const readings = await overview.cpuReadings(3);
    expect(readings.length, `CPU readings seen: ${readings.join(', ')}`).toBeGreaterThanOrEqual(3);
    // The token left the address bar once the page had it.
    expect(page.url()).not.toContain('token=');
  });
});

test.describe('Overview with no engine', () => {
  let app: AppServer;
  test.beforeAll(async () => {
    app = await startAppServer({ env: { DOCKER_HOST: 'unix:///tmp/sutazai-e2e-no-engine.sock' } });
  });
  test.afterAll(async () => app?.stop());

  test('explains that no engine answers, names the socket, and tells how to start one', async ({ page }) => {
    const overview = new OverviewPage(page);
    await overview.open(app.url);
    const card = overview.engineCard;
    await expect(card.getByText('No Docker engine', { exact: true })).toBeVisible();
    await expect(card).toContainText('/tmp/sutazai-e2e-no-engine.sock');
    await expect(card).toContainText('How to fix');
    await expect(card).toContainText('Start the Docker engine');
    // The rest of the app keeps working: host figures still arrive.
    await expect(overview.cpu).toHaveText(/%$/);
  });

  test('refuses the page without the token', async ({ page }) => {
    const res = await page.goto(app.origin + '/');
    expect(res?.status()).toBe(401);
  });
});
