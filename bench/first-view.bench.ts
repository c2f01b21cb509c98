import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright';
import { callApi } from '../e2e/support/app-server';
import { median, percentile, serveUrl, type BenchReport } from './bench-kit';

const ROOT = resolve(__dirname, '..');
const RUNS = 15;
const TARGET_MS = 500;

/**
 * Time to a first Overview in the browser mode: from navigation start to the page showing the
 * engine's state and a host CPU figure, in Debian's Chromium against the real `sutazai serve`.
 * Each run is a new browser context (an empty cache, as on a first visit); the script bytes the
 * first view loaded are counted from the page's resource timings.
 */
export default async function firstViewBench(): Promise<BenchReport> {
  const rendererDir = join(ROOT, 'out', 'renderer');
  if (!existsSync(join(ROOT, 'out', 'main', 'cli.js')) || !existsSync(rendererDir)) {
    throw new Error('out/ is missing: run `npx electron-vite build` first');
  }
  const home = mkdtempSync(join(tmpdir(), 'sutazai-bench-first-view-'));
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'sutazai.js'), 'serve', '--port', '0', '--stack-port', '0'],
    {
      cwd: ROOT,
      env: { ...process.env, SUTAZAI_HOME: home, SUTAZAI_TOKEN: undefined },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const url = await serveUrl(child);
    // A fresh home opens on the first run; the bench measures the Overview, so it is skipped first.
    await callApi(url.origin, url.searchParams.get('token')!, 'setup:finish', { skipped: true });
    const times: number[] = [];
    let scriptBytes = 0;
    let scripts = 0;
    for (let run = 0; run <= RUNS; run++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(url.href, { waitUntil: 'commit' });
      // Polled in the page on every frame: the moment both figures are on screen, relative to navigation start.
      const shownAt = await page.waitForFunction(
        () => {
          const engine = document.querySelector('[data-testid="engine-card"]')?.textContent ?? '';
          const cpu = document.querySelector('[data-testid="cpu-percent"]')?.textContent ?? '';
          const engineShown = engine.includes('Connected') || engine.includes('No Docker engine');
          return engineShown && cpu.trim().endsWith('%') ? performance.now() : false;
        },
        undefined,
        { polling: 'raf', timeout: 30_000 },
      );
      const ms = (await shownAt.jsonValue()) as number;
      const loaded = await page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .filter((e) => (e as PerformanceResourceTiming).initiatorType === 'script' || e.name.endsWith('.js'))
          .map((e) => (e as PerformanceResourceTiming).decodedBodySize),
      );
      // The first run warms the server (its first file reads); it is not counted.
      if (run > 0) {
        times.push(ms);
        scriptBytes = loaded.reduce((a, b) => a + b, 0);
        scripts = loaded.length;
      }
      await context.close();
    }
    const assets = join(rendererDir, 'assets');
    const jsFiles = readdirSync(assets).filter((f) => f.endsWith('.js'));
    const allJs = jsFiles.reduce((a, f) => a + statSync(join(assets, f)).size, 0);
    const med = median(times);
    return {
      title: `First Overview in the browser mode (Chromium, new context each run, ${RUNS} runs)`,
      rows: [
        { name: 'navigation -> engine and CPU shown, median', value: med, unit: 'ms' },
        { name: 'navigation -> engine and CPU shown, p90', value: percentile(times, 90), unit: 'ms' },
        { name: 'navigation -> engine and CPU shown, min', value: Math.min(...times), unit: 'ms' },
        { name: 'scripts loaded by the first view', value: scriptBytes / 1024, unit: 'KiB', note: `${scripts} files` },
        { name: 'scripts of the whole renderer', value: allJs / 1024, unit: 'KiB', note: `${jsFiles.length} files` },
      ],
      ratios: [{ name: 'median, ms', value: med, target: `< ${TARGET_MS}`, met: med < TARGET_MS }],
    };
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    rmSync(home, { recursive: true, force: true });
  }
}
