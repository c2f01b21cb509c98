import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OverviewPage } from './pages/overview-page';
import { startAppServer, type AppServer } from './support/app-server';

function engineVersion(): string | undefined {
  try {
    return execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], {
      encoding: 'utf8',
      timeout: 10_000,
    }).trim();
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

test.describe('Overview with an app home other users can enter', () => {
  let app: AppServer;
  const home = mkdtempSync(join(tmpdir(), 'sutazai-e2e-open-home-'));
  test.beforeAll(async () => {
    chmodSync(home, 0o755);
    app = await startAppServer({ home, env: { DOCKER_HOST: 'unix:///tmp/sutazai-e2e-no-engine.sock' } });
  });
  test.afterAll(async () => {
    await app?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  test('warns with the folder, its mode and the command that closes it, and clears once it is private', async ({
    page,
  }) => {
    const overview = new OverviewPage(page);
    await overview.open(app.url);
    await expect(overview.homeAccess).toContainText(
      `Other users of this machine can enter the app's data folder ${home} (mode 0755)`,
    );
    await expect(overview.homeAccess).toContainText(`Make it private: chmod 700 ${home}`);
    chmodSync(home, 0o700);
    await overview.homeAccess.getByRole('button', { name: 'Check again' }).click();
    await expect(overview.homeAccess).toHaveCount(0);
  });
});
