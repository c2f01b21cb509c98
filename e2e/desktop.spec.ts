import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');

/** Why the desktop shell cannot be launched on this machine, or undefined when it can. */
function desktopBlocker(): string | undefined {
  const dir = join(ROOT, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile) || !existsSync(join(dir, 'dist', readFileSync(pathFile, 'utf8').trim()))) {
    return 'the Electron binary is not installed on this machine';
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'no display';
  const abi = readFileSync(join(dir, 'abi_version'), 'utf8').trim();
  if (!existsSync(join(ROOT, 'native', `electron-${abi}`, 'better_sqlite3.node'))) return 'better-sqlite3 is not built for Electron (npm run rebuild:electron)';
  return undefined;
}

const blocker = desktopBlocker();

test.describe('Desktop app (Electron)', () => {
  test.skip(blocker !== undefined, `desktop shell not launched: ${blocker}`);

  test('opens the Overview with the preload bridge and no Node in the page', async () => {
    const home = mkdtempSync(join(tmpdir(), 'sutazai-desktop-'));
    const app = await electron.launch({ args: [ROOT], cwd: ROOT, env: { ...process.env, SUTAZAI_HOME: home } as Record<string, string> });
    try {
      const window = await app.firstWindow();
      await expect(window.getByRole('heading', { name: 'Overview' })).toBeVisible();
      await expect(window.getByTestId('cpu-percent')).toHaveText(/%$/);
      expect(await window.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
      expect(await window.evaluate(() => typeof (window as unknown as { sutazai?: { system?: { info?: unknown } } }).sutazai?.system?.info)).toBe('function');
      // contextIsolation + sandbox: the page's world has neither Node's process nor ipcRenderer.
      expect(await window.evaluate(() => typeof (globalThis as unknown as { process?: unknown }).process)).toBe('undefined');
    } finally {
      await app.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
