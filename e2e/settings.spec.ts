import { expect, test } from '@playwright/test';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OverviewPage } from './pages/overview-page';
import { SettingsPage } from './pages/settings-page';
import { startAppServer, type AppServer } from './support/app-server';

const NO_ENGINE = 'unix:///tmp/sutazai-e2e-settings-no-engine.sock';

function localEngineSocket(): string | undefined {
  try {
    execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], { stdio: 'ignore', timeout: 10_000 });
  } catch {
    return undefined;
  }
  return existsSync('/var/run/docker.sock') ? 'unix:///var/run/docker.sock' : undefined;
}

test.describe('Settings (browser mode)', () => {
  let app: AppServer;
  let configHome: string;
  let home: string;

  test.beforeAll(async () => {
    configHome = mkdtempSync(join(tmpdir(), 'sutazai-e2e-xdg-'));
    home = mkdtempSync(join(tmpdir(), 'sutazai-e2e-settings-'));
    app = await startAppServer({ home, env: { DOCKER_HOST: NO_ENGINE, XDG_CONFIG_HOME: configHome } });
  });
  test.afterAll(async () => {
    await app?.stop();
    rmSync(configHome, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  test('refuses a bad value with the field and what is accepted, saves a good one, and keeps it across a restart', async ({
    page,
  }) => {
    const settings = new SettingsPage(page);
    await page.goto(app.url);
    await settings.open(app.origin);
    let form = await settings.save('Memory budget', 'lots');
    await expect(form.getByRole('alert')).toContainText('memoryBudget: write a size such as 12G, 12 GiB or 512M');
    form = await settings.save('Memory budget', '12G');
    await expect(form.getByRole('status')).toHaveText('Saved');
    await expect(form).toContainText('In use: 12.0 GiB');
    form = await settings.save('Ollama URL', 'ftp://example');
    await expect(form.getByRole('alert')).toContainText('ollamaUrl: use an http:// or https:// address');
    form = await settings.save('Ollama URL', 'http://127.0.0.1:11999');
    await expect(page.getByTestId('ollama-in-use')).toHaveText('http://127.0.0.1:11999');
    await settings.toggle("Dry run: log the guard's decisions without stopping anything").click();
    await expect(settings.toggle("Dry run: log the guard's decisions without stopping anything")).toBeChecked();

    // The same data folder after a restart of the server: everything is where it was left.
    await app.stop();
    app = await startAppServer({ home, env: { DOCKER_HOST: NO_ENGINE, XDG_CONFIG_HOME: configHome } });
    await page.goto(app.url);
    await settings.open(app.origin);
    await expect(page.getByLabel('Memory budget', { exact: true })).toHaveValue('12G');
    await expect(page.getByLabel('Ollama URL', { exact: true })).toHaveValue('http://127.0.0.1:11999');
    await expect(settings.toggle("Dry run: log the guard's decisions without stopping anything")).toBeChecked();
    await expect(page.getByTestId('data-folder')).toHaveText(home);
    await expect(page.getByTestId('data-folder-size')).toContainText(/KiB|MiB in \d+ files/);
  });

  test('switches the theme at once, and follows the system when asked', async ({ page }) => {
    const settings = new SettingsPage(page);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(app.url);
    await settings.open(app.origin);
    await settings.theme('Dark').click();
    await expect.poll(() => settings.appliedTheme()).toBe('dark');
    await settings.theme('Light').click();
    await expect.poll(() => settings.appliedTheme()).toBe('light');
    const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(background).toBe('rgb(246, 248, 250)');
    await settings.theme('System').click();
    await expect.poll(() => settings.appliedTheme()).toBe('light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => settings.appliedTheme()).toBe('dark');
  });

  test('writes the XDG autostart entry for start on login and removes it again', async ({ page }) => {
    const settings = new SettingsPage(page);
    const file = join(configHome, 'autostart', 'sutazai-control-center.desktop');
    await page.goto(app.url);
    await settings.open(app.origin);
    await expect(settings.toggle('Start hidden in the tray')).toBeDisabled();
    await settings.toggle('Start on login').click();
    await expect(settings.toggle('Start on login')).toBeChecked();
    await expect.poll(() => existsSync(file)).toBe(true);
    const entry = readFileSync(file, 'utf8');
    expect(entry).toMatch(/^Exec=\S+node\S* \S+\/bin\/sutazai\.js serve --port 0 --stack-port 0$/m);
    const validate = spawnSync('desktop-file-validate', [file], { encoding: 'utf8' });
    expect(validate.error, 'desktop-file-validate (desktop-file-utils) is installed').toBeUndefined();
    expect(`${validate.stdout}${validate.stderr}`).toBe('');
    await settings.toggle('Start on login').click();
    await expect.poll(() => existsSync(file)).toBe(false);
  });

  test('points the app at another engine without a restart', async ({ page }) => {
    const socket = localEngineSocket();
    test.skip(!socket, 'no local Docker engine socket here');
    const settings = new SettingsPage(page);
    const overview = new OverviewPage(page);
    await page.goto(app.url);
    await expect(overview.engineCard).toContainText('No Docker engine');
    await settings.open(app.origin);
    await settings.save('Docker engine endpoint', socket!);
    await expect(page.getByTestId('engine-in-use')).toHaveText(socket!);
    await page.goto(`${app.origin}/#/overview`);
    await expect(overview.engineCard).toContainText('Connected');
    await settings.open(app.origin);
    await settings.save('Docker engine endpoint', '');
    await expect(page.getByTestId('engine-in-use')).toHaveText(NO_ENGINE);
  });

  // Last: it changes the token the other tests open the page with.
  test('shows the token on request, and a regenerated one replaces it at once', async ({ page, request }) => {
    const settings = new SettingsPage(page);
    await page.goto(app.url);
    await settings.open(app.origin);
    await expect(page.getByTestId('browser-token')).toHaveCount(0);
    await page.getByRole('button', { name: 'Show token' }).click();
    await expect(page.getByTestId('browser-token')).toHaveText(app.token);
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Regenerate token' }).click();
    // The page opens itself again with the new token and keeps working.
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    await page.getByRole('button', { name: 'Show token' }).click();
    const fresh = (await page.getByTestId('browser-token').textContent())!;
    expect(fresh).not.toBe(app.token);
    expect(
      (
        await request.get(`${app.origin}/api/v1/status`, { headers: { Authorization: `Bearer ${app.token}` } })
      ).status(),
    ).toBe(401);
    expect(
      (await request.get(`${app.origin}/api/v1/status`, { headers: { Authorization: `Bearer ${fresh}` } })).status(),
    ).toBe(200);
  });
});

test.describe('Keyboard shortcuts', () => {
  let app: AppServer;
  test.beforeAll(async () => {
    app = await startAppServer({ env: { DOCKER_HOST: NO_ENGINE } });
  });
  test.afterAll(async () => app?.stop());

  test('open pages with g and a key, and list themselves with ?', async ({ page }) => {
    await new OverviewPage(page).open(app.url);
    await page.keyboard.press('g');
    await page.keyboard.press('s');
    await expect(page.getByRole('heading', { name: 'Stack', exact: true })).toBeVisible();
    await page.keyboard.press('g');
    await page.keyboard.press(',');
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(help).toContainText('Hardware');
    await expect(help).toContainText('The small chat window');
    await page.keyboard.press('Escape');
    await expect(help).toHaveCount(0);
    // Typing in a field is not a shortcut.
    await page.getByLabel('Ollama URL', { exact: true }).fill('');
    await page.getByLabel('Ollama URL', { exact: true }).press('g');
    await page.getByLabel('Ollama URL', { exact: true }).press('o');
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
    await expect(page.getByLabel('Ollama URL', { exact: true })).toHaveValue('go');
  });
});
