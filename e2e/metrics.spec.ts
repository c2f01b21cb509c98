import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { MetricsPage } from './pages/metrics-page';
import { startAppServer, type AppServer } from './support/app-server';

const IMAGE = process.env.SUTAZAI_TEST_IMAGE ?? 'sutazai-test/busybox:latest';

function docker(...args: string[]): string | undefined {
  try {
    return execFileSync('docker', args, { encoding: 'utf8', timeout: 30_000 }).trim();
  } catch {
    return undefined;
  }
}

test.describe('Metrics page with a real engine', () => {
  const version = docker('version', '--format', '{{.Server.Version}}');
  if (!version && process.env.CI === 'true') throw new Error('CI=true but no Docker engine answers');
  test.skip(!version, 'no Docker engine answers here: start one to run this test');

  const name = `sutazai-e2e-metrics-${process.pid}`;
  let app: AppServer;
  test.beforeAll(async () => {
    // Holds 48 MiB so its memory figure is plainly visible in the table.
    docker(
      'run',
      '-d',
      '--rm',
      '--name',
      name,
      '--label',
      'ai.sutazai.test=e2e-metrics',
      IMAGE,
      'sh',
      '-c',
      '(head -c 48m /dev/zero; sleep 600) | tail',
    );
    app = await startAppServer();
  });
  test.afterAll(async () => {
    await app?.stop();
    docker('rm', '-f', name);
  });

  test('shows live figures at 1 Hz, a drawn chart, the containers, and exports CSV', async ({ page }) => {
    const metrics = new MetricsPage(page);
    await metrics.open(app.url);
    const readings = await metrics.cpuReadings(3);
    expect(readings.length, `CPU readings seen: ${readings.join(', ')}`).toBeGreaterThanOrEqual(3);
    await expect(metrics.hostMemory).toHaveText(/\d+(\.\d)? (MiB|GiB)/);
    await expect(metrics.source).toContainText('every 1 s');
    await expect(metrics.source).toContainText('cgroup files');

    // The chart draws once the history has two points.
    await expect(metrics.chartLine('Host CPU')).toHaveAttribute('d', /^M[\d.]+,[\d.]+[CL][\d.]+/, { timeout: 15_000 });
    await expect(metrics.chartLine('Host memory')).toBeVisible();

    const row = metrics.containers.getByRole('row').filter({ hasText: name });
    await expect(row).toBeVisible({ timeout: 15_000 });
    await expect(row).toContainText(/(4[89]|5\d)\.\d MiB/);

    await metrics.range('1 h').click();
    await expect(metrics.range('1 h')).toHaveAttribute('aria-pressed', 'true');
    await expect(metrics.hostChart.locator('.recharts-line path[name="Host CPU"]')).toBeVisible({ timeout: 20_000 });

    const [download] = await Promise.all([page.waitForEvent('download'), metrics.exportCsv.click()]);
    expect(download.suggestedFilename()).toMatch(/^sutazai-metrics-1h-.*\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8').split('\n');
    expect(csv[0]).toBe('time,series,min,avg,max');
    expect(csv.some((l) => /^\d{4}-\d\d-\d\dT[\d:.]+Z,host\.cpu_percent,[\d.]+,[\d.]+,[\d.]+$/.test(l))).toBe(true);
  });

  test('GET /metrics needs the token and answers Prometheus text', async ({ request }) => {
    expect((await request.get(`${app.origin}/metrics`)).status()).toBe(401);
    const res = await request.get(`${app.origin}/metrics`, { headers: { Authorization: `Bearer ${app.token}` } });
    expect(res.status()).toBe(200);
    const text = await res.text();
    expect(text).toContain('# TYPE sutazai_host_cpu_percent gauge');
    expect(text).toMatch(
      new RegExp(`sutazai_container_memory_working_set_bytes\\{name="${name}",project="",service=""\\} \\d+`),
    );
  });
});
