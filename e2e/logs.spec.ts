import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { LogsPage } from './pages/logs-page';
import { engineWithTestImage, TEST_IMAGE } from './support/engine';
import { startAppServer, type AppServer } from './support/app-server';

/**
 * Time from the pointer going down on `button` (as the browser stamped the input, so time the
 * event waited behind other work counts) to the first frame after the button changed.
 */
async function clickAnswerMs(page: Page, button: ReturnType<LogsPage['page']['locator']>): Promise<number> {
  const handle = await button.elementHandle();
  const answered = page.evaluate(
    (el) =>
      new Promise<number>((resolve) => {
        el!.addEventListener(
          'pointerdown',
          (e) => {
            const start = e.timeStamp;
            const changed = new MutationObserver(() => {
              changed.disconnect();
              requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start), 0));
            });
            changed.observe(el!, { childList: true, subtree: true, characterData: true, attributes: true });
          },
          { once: true, capture: true },
        );
      }),
    handle,
  );
  await button.click();
  return answered;
}

test.describe('Logs page', () => {
  test.skip(!engineWithTestImage(), 'no engine with the local test image');
  const project = `sutazai-e2e-logs-${process.pid}`;
  const talker = `${project}-talker`;
  const flood = `${project}-flood`;
  const restarter = `${project}-restarter`;
  let app: AppServer;

  const run = (name: string, service: string, args: string[]): void => {
    execFileSync('docker', [
      'run',
      '-d',
      '--name',
      name,
      '--stop-timeout',
      '1',
      // A flood must not fill the engine's disk: the json-file log rotates at 2 x 5 MB.
      '--log-driver',
      'json-file',
      '--log-opt',
      'max-size=5m',
      '--log-opt',
      'max-file=2',
      '--label',
      `com.docker.compose.project=${project}`,
      '--label',
      `com.docker.compose.service=${service}`,
      '--label',
      'ai.sutazai.tier=optional',
      '--label',
      `ai.sutazai.test=${project}`,
      TEST_IMAGE,
      ...args,
    ]);
  };
  const remove = (name: string): void => {
    try {
      execFileSync('docker', ['rm', '-f', name], { stdio: 'ignore' });
    } catch {
      // already gone
    }
  };

  test.beforeAll(async () => {
    run(talker, 'talker', ['sh', '-c', 'echo "talker says hello 1"; echo "talker says hello 2"; exec sleep 3600']);
    app = await startAppServer({ args: ['--project', project] });
  });

  test.afterAll(async () => {
    await app?.stop();
    remove(talker);
    remove(flood);
    remove(restarter);
  });

  test('shows a container’s lines as they are printed, and search finds one', async ({ page }) => {
    const logs = new LogsPage(page);
    await logs.open(app.url);
    await expect(page.getByTestId('log-overlay')).toContainText('Choose one or more services');
    const selected = Date.now();
    await logs.service('talker').check();
    await expect(logs.rows()).toContainText('talker says hello 2', { timeout: 3000 });
    test.info().annotations.push({ type: 'selection to first lines', description: `${Date.now() - selected} ms` });

    // A unique line printed by the container's main process while the view follows it.
    const mark = `mark-${Math.random().toString(36).slice(2, 10)}`;
    const printed = Date.now();
    execFileSync('docker', ['exec', talker, 'sh', '-c', `echo "${mark} printed" > /proc/1/fd/1`]);
    await expect(logs.rows()).toContainText(`${mark} printed`, { timeout: 3000 });
    test
      .info()
      .annotations.push({ type: 'printed to shown (docker exec included)', description: `${Date.now() - printed} ms` });

    await logs.search.fill(mark);
    await expect(logs.searchResult).toHaveText('1 of 1');
    await logs.search.fill('no line says this');
    await expect(logs.searchResult).toHaveText('No match');
  });

  test('says when a followed container stops, and goes on without repeats when it starts again', async ({ page }) => {
    run(restarter, 'restarter', [
      'sh',
      '-c',
      'r=$(cut -c1-8 /proc/sys/kernel/random/uuid); trap "echo restarter says bye $r; exit 3" TERM; echo "restarter says hello $r"; while true; do sleep 0.1; done',
    ]);
    const logs = new LogsPage(page);
    await logs.open(app.url, ['restarter']);
    await expect(logs.rows()).toContainText('restarter says hello', { timeout: 5000 });

    execFileSync('docker', ['stop', '-t', '5', restarter]);
    await expect(logs.rows()).toContainText('── restarter stopped (exit 3) ──', { timeout: 5000 });
    await expect(logs.waiting).toHaveText('restarter stopped (exit 3), waiting for it to start again');
    await expect(page.getByText('Waiting for output')).toHaveCount(0);

    execFileSync('docker', ['start', restarter]);
    await expect(logs.rows()).toContainText('── restarter started ──', { timeout: 5000 });
    await expect
      .poll(async () => ((await logs.rows().textContent()) ?? '').match(/says hello \w{8}/g)?.length, { timeout: 5000 })
      .toBe(2);
    await expect(logs.waiting).toHaveCount(0);
    const text = (await logs.rows().textContent()) ?? '';
    const [first, second] = [...text.matchAll(/says hello (\w{8})/g)].map((m) => m[1]);
    expect(first).not.toBe(second);
    expect(text.match(/says bye/g)).toHaveLength(1);
    expect(text.indexOf('says bye')).toBeLessThan(text.indexOf('stopped (exit 3)'));
    expect(text.indexOf('started ──')).toBeLessThan(text.indexOf(`says hello ${second}`));
    remove(restarter);
  });

  test('stays responsive with bounded memory while a container prints as fast as it can', async ({ page }) => {
    test.setTimeout(90_000);
    run(flood, 'flood', ['yes', 'flood line: the quick brown fox jumps over the lazy dog 0123456789']);
    const logs = new LogsPage(page);
    await logs.open(app.url, ['flood']);
    await expect(logs.rows()).toContainText('flood line', { timeout: 10_000 });

    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const heapMb = async (gc: boolean): Promise<number> => {
      if (gc) await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      return metrics.find((m) => m.name === 'JSHeapUsedSize')!.value / 2 ** 20;
    };

    await page.waitForTimeout(1000);
    const baseline = await heapMb(true);
    const samples: number[] = [];
    const clicks: number[] = [];
    for (let i = 0; i < 10; i++) {
      await page.waitForTimeout(1000);
      samples.push(await heapMb(false));
      if (i % 3 === 0) {
        // Pause, check that rendering stopped, resume: each click answers on the next frames.
        clicks.push(await clickAnswerMs(page, logs.pause));
        await expect(logs.pause).toHaveText('Resume');
        const frozen = await logs.rows().textContent();
        await page.waitForTimeout(300);
        expect(await logs.rows().textContent()).toBe(frozen);
        clicks.push(await clickAnswerMs(page, logs.pause));
        await expect(logs.pause).toHaveText('Pause');
      }
    }
    const final = await heapMb(true);
    const peak = Math.max(...samples);
    test.info().annotations.push(
      { type: 'click answers (ms)', description: clicks.map((c) => c.toFixed(0)).join(', ') },
      {
        type: 'JS heap (MB)',
        description: `baseline ${baseline.toFixed(1)}, peak ${peak.toFixed(1)}, after 10 s ${final.toFixed(1)} (samples ${samples.map((s) => s.toFixed(0)).join(' ')})`,
      },
    );
    // The view kept up: the last rows are still flood lines after the resumes.
    await expect(logs.rows()).toContainText('flood line');
    for (const ms of clicks) expect(ms, 'a click answers in under 200 ms').toBeLessThan(200);
    expect(final - baseline, 'retained heap grows by less than 30 MB over 10 s of flood').toBeLessThan(30);
    expect(peak, 'the heap never exceeds baseline + 150 MB').toBeLessThan(baseline + 150);
    remove(flood);
  });
});
