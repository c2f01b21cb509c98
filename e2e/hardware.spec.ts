import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { startOllamaApiServer, type OllamaApiServer } from '../test-support/ollama-api-server';
import { HardwarePage } from './pages/hardware-page';
import { startAppServer, type AppServer } from './support/app-server';

/** RAM as the page prints it, from /proc/meminfo (formatBytes: one decimal, binary units). */
function ramFromProc(): string {
  const kib = Number(/MemTotal:\s+(\d+) kB/.exec(readFileSync('/proc/meminfo', 'utf8'))![1]);
  return `${(kib / 1024 / 1024).toFixed(1)} GiB`;
}

/** Physical cores as lscpu counts them (distinct core/socket pairs). */
function physicalCores(): number {
  const lines = execFileSync('lscpu', ['-p=core,socket'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l && !l.startsWith('#'));
  return new Set(lines).size;
}

test.describe('Hardware page', () => {
  let app: AppServer;
  let ollama: OllamaApiServer;
  test.beforeAll(async () => {
    ollama = await startOllamaApiServer({ installed: ['tinyllama'] });
    app = await startAppServer({ args: ['--ollama-url', ollama.url] });
  });
  test.afterAll(async () => {
    await app?.stop();
    await ollama?.close();
  });

  test("shows this machine's cores and RAM, recommendations, and applies and undoes one through the override file", async ({
    page,
  }) => {
    const hw = new HardwarePage(page);
    await hw.open(app.url);
    await expect(hw.logicalCores).toHaveText(String(cpus().length));
    await expect(hw.physicalCores).toHaveText(String(physicalCores()));
    await expect(hw.ram).toHaveText(ramFromProc());
    await expect(hw.gpus).toContainText(existsSync('/usr/bin/nvidia-smi') ? 'NVIDIA' : 'nvidia-smi is not installed');

    await expect(hw.recommendation('profile-fit')).toContainText(/Profiles that fit: minimal/);
    await expect(hw.recommendation('profile-fit')).toContainText(
      /minimal\s*\d+\.\d GiB reserved \+ \d+\.\d GiB headroom/,
    );
    await expect(hw.recommendation('ollama-settings')).toContainText('num_thread');
    await expect(hw.recommendation('model-fit:tinyllama')).toContainText(
      /tinyllama:latest: fits in RAM: 0\.\d of Ollama's 4\.0 GiB memory limit/,
    );

    const limits = hw.recommendation('memory-limits:');
    const overrideFile = join(app.home, 'compose.override.yml');
    await limits.getByRole('button', { name: 'Apply' }).click();
    await expect(limits.getByRole('button', { name: 'Undo' })).toBeVisible();
    await expect(limits).toContainText('applied');
    expect(readFileSync(overrideFile, 'utf8')).toContain('x-sutazai-applied');
    await expect(page.getByRole('region', { name: 'Override file' })).toContainText('1 applied');

    await limits.getByRole('button', { name: 'Undo' }).click();
    await expect(limits.getByRole('button', { name: 'Apply' })).toBeVisible();
    expect(existsSync(overrideFile)).toBe(false);
  });

  test('shows the engine disk usage and a prune preview without removing anything', async ({ page }) => {
    const hw = new HardwarePage(page);
    await hw.open(app.url);
    await expect(hw.disk.getByTestId('disk-images')).toContainText(/Images\s*\d+/);
    await hw.disk.getByRole('button', { name: 'Preview prune' }).click();
    const preview = page.getByTestId('prune-preview');
    await expect(preview).toContainText(/Nothing to remove\.|item\(s\) would be removed, freeing/);
    await preview.getByRole('button', { name: 'Cancel' }).click();
    await expect(preview).toHaveCount(0);
  });

  test('the Models page shows the fit estimate beside each model', async ({ page }) => {
    await page.goto(app.url);
    await page.getByRole('link', { name: 'Models' }).click();
    const row = page.getByTestId('model-row').filter({ hasText: 'tinyllama' });
    await expect(row.getByTestId('model-fit')).toHaveText(/fits in RAM: 0\.\d of Ollama's 4\.0 GiB memory limit/);
  });
});
