import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FirstRunPage } from './pages/first-run-page';
import { SettingsPage } from './pages/settings-page';
import { engineWithTestImage, TEST_IMAGE } from './support/engine';

interface MenuItemLike {
  label: string;
  click: () => void;
  submenu?: { items: MenuItemLike[] };
}
/** The main-process hooks the app sets with SUTAZAI_TEST_HOOKS=1 (src-main/app/test-hooks.ts). */
type Hooks = {
  sutazaiTestHooks?: { trayMenu(): { items: MenuItemLike[] } | undefined; shortcutRegistered(): boolean };
};
type Bridge = Record<string, Record<string, (input: unknown) => Promise<unknown>>>;

const ROOT = resolve(__dirname, '..');
/** The packaged app (the workflow sets it after `npm run dist`); otherwise Electron runs this checkout. */
const PACKAGED = process.env.SUTAZAI_DESKTOP_EXECUTABLE;

/** Why the desktop shell cannot be launched on this machine, or undefined when it can. */
function desktopBlocker(): string | undefined {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'no display';
  if (PACKAGED) return existsSync(PACKAGED) ? undefined : `the packaged app is missing at ${PACKAGED}`;
  const dir = join(ROOT, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile) || !existsSync(join(dir, 'dist', readFileSync(pathFile, 'utf8').trim()))) {
    return 'the Electron binary is not installed on this machine';
  }
  const abi = readFileSync(join(dir, 'abi_version'), 'utf8').trim();
  if (!existsSync(join(ROOT, 'native', `electron-${abi}`, 'better_sqlite3.node')))
    return 'better-sqlite3 is not built for Electron (npm run rebuild:electron)';
  return undefined;
}

const blocker = desktopBlocker();
const dirs: string[] = [];
const tempDir = (prefix: string): string => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
};

async function launch(options: {
  home: string;
  args?: string[];
  env?: Record<string, string>;
}): Promise<{ app: ElectronApplication; page: Page }> {
  const app = await electron.launch({
    ...(PACKAGED ? { executablePath: PACKAGED, args: options.args ?? [] } : { args: [ROOT, ...(options.args ?? [])] }),
    cwd: ROOT,
    env: {
      ...process.env,
      SUTAZAI_HOME: options.home,
      XDG_CONFIG_HOME: tempDir('sutazai-desktop-xdg-'),
      SUTAZAI_TEST_HOOKS: '1',
      ...options.env,
    } as Record<string, string>,
  });
  return { app, page: await app.firstWindow() };
}

test.describe('Desktop app (Electron)', () => {
  test.skip(blocker !== undefined, `desktop shell not launched: ${blocker}`);
  test.afterAll(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  test('opens on the first run, then the Overview, from app:// with no Node in the page', async () => {
    const { app, page } = await launch({ home: tempDir('sutazai-desktop-') });
    try {
      await new FirstRunPage(page).expectStep(1, 'The engine');
      expect(page.url()).toMatch(/^app:\/\/renderer\/index\.html#\/welcome$/);
      await new FirstRunPage(page).skip();
      await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
      await expect(page.getByTestId('cpu-percent')).toHaveText(/%$/);
      expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
      expect(await page.evaluate(() => typeof (globalThis as unknown as { process?: unknown }).process)).toBe(
        'undefined',
      );
      expect(
        await page.evaluate(
          () => typeof (window as unknown as { sutazai?: { system?: { info?: unknown } } }).sutazai?.system?.info,
        ),
      ).toBe('function');
      // The page cannot read local files: app:// serves the renderer folder only.
      expect(
        await page.evaluate(() =>
          fetch('file:///etc/hostname').then(
            () => 'read',
            () => 'refused',
          ),
        ),
      ).toBe('refused');
      expect(await page.evaluate(() => fetch('app://renderer/../../../../etc/hostname').then((r) => r.status))).toBe(
        404,
      );
    } finally {
      await app.close();
    }
  });

  test('shows a typed error with its hint (the preload passes results as values)', async () => {
    const { app, page } = await launch({
      home: tempDir('sutazai-desktop-'),
      env: { SUTAZAI_TOKEN: 'a-token-set-in-the-environment' },
    });
    try {
      await new FirstRunPage(page).skip();
      await page.evaluate(() => (window.location.hash = '#/settings'));
      const settings = new SettingsPage(page);
      await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
      page.once('dialog', (d) => void d.accept());
      await page.getByRole('button', { name: 'Regenerate token' }).click();
      const alert = settings.section('Data').getByRole('alert');
      await expect(alert).toContainText('The token comes from SUTAZAI_TOKEN');
      await expect(alert).toContainText('Change SUTAZAI_TOKEN where it is set');
      expect(
        await page.evaluate(() =>
          (
            window as unknown as { sutazai: { settings: { regenerateToken: (i: unknown) => Promise<unknown> } } }
          ).sutazai.settings.regenerateToken({ confirm: true }),
        ),
      ).toMatchObject({
        ok: false,
        error: { code: 'CONFLICT', hint: expect.stringContaining('SUTAZAI_TOKEN') },
      });
    } finally {
      await app.close();
    }
  });

  test('has a tray with the profile actions, and the chat window opens from it; the shortcut is held', async () => {
    const { app, page } = await launch({ home: tempDir('sutazai-desktop-') });
    try {
      await expect(page.locator('body')).toBeVisible();
      await expect
        .poll(() =>
          app.evaluate(() => (globalThis as Hooks).sutazaiTestHooks?.trayMenu()?.items.map((i) => i.label) ?? []),
        )
        .toEqual(
          expect.arrayContaining([
            'Open dashboard',
            'Open chat',
            'Stop the stack when quitting',
            'Quit',
            expect.stringMatching(/^minimal \(\d+\/\d+ running\)$/),
          ]),
        );
      const profileActions = await app.evaluate(() =>
        (globalThis as Hooks)
          .sutazaiTestHooks!.trayMenu()!
          .items.find((i) => i.label.startsWith('minimal'))!
          .submenu!.items.map((i) => i.label),
      );
      expect(profileActions).toEqual(['Start', 'Stop']);
      // Not proven here: the operating system delivering Ctrl+Shift+Space (Playwright cannot press global keys).
      expect(await app.evaluate(() => (globalThis as Hooks).sutazaiTestHooks!.shortcutRegistered())).toBe(true);
      const chat = app.waitForEvent('window');
      await app.evaluate(() =>
        (globalThis as Hooks)
          .sutazaiTestHooks!.trayMenu()!
          .items.find((i) => i.label === 'Open chat')!
          .click(),
      );
      const chatWindow = await chat;
      await expect.poll(() => chatWindow.url()).toMatch(/#\/chat-window$/);
      await expect(chatWindow.getByRole('combobox', { name: 'Conversation' })).toBeVisible();
    } finally {
      await app.close();
    }
  });

  test('quitting leaves the stack running, unless "stop the stack when quitting" is chosen', async () => {
    test.skip(!engineWithTestImage(), 'no engine with the local test image');
    const project = `sutazai-e2e-desktop-${process.pid}`;
    const templates = tempDir('sutazai-desktop-templates-');
    writeFileSync(
      join(templates, 'stack.yml'),
      `services:\n  idle:\n    image: ${TEST_IMAGE}\n    command: ["sh", "-c", "exec sleep 600"]\n    stop_grace_period: 1s\n    labels: {ai.sutazai.tier: optional}\n    profiles: [demo]\n`,
    );
    const running = (): string =>
      execFileSync('docker', ['ps', '-q', '--filter', `label=com.docker.compose.project=${project}`], {
        encoding: 'utf8',
      }).trim();
    const home = tempDir('sutazai-desktop-');
    try {
      for (const stopOnQuit of [false, true]) {
        const { app, page } = await launch({ home, args: ['--templates', templates, '--project', project] });
        await expect(page.locator('body')).toBeVisible();
        const call = (name: string, input: unknown) =>
          page.evaluate(
            ([n, i]) => {
              const [feature, method] = (n as string).split(':') as [string, string];
              return (window as unknown as { sutazai: Bridge }).sutazai[feature]![method]!(i);
            },
            [name, input] as const,
          );
        expect(await call('settings:set', { stopStackOnQuit: stopOnQuit })).toMatchObject({ ok: true });
        expect(await call('stack:up', { profile: 'demo', wait: true })).toMatchObject({
          ok: true,
          value: { ok: true },
        });
        expect(running()).not.toBe('');
        await app.close();
        if (stopOnQuit) expect(running()).toBe('');
        else expect(running()).not.toBe('');
      }
    } finally {
      const ids = execFileSync('docker', ['ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`], {
        encoding: 'utf8',
      }).trim();
      if (ids) execFileSync('docker', ['rm', '-f', ...ids.split('\n')], { stdio: 'ignore' });
      try {
        execFileSync('docker', ['network', 'rm', `${project}_default`], { stdio: 'ignore' });
      } catch {
        // already gone
      }
    }
  });
});
