import { readFileSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Docker from 'dockerode';
import { chromium, type CDPSession, type Page } from 'playwright';
import WebSocket from 'ws';
import { startAppServer, type AppServer } from '../e2e/support/app-server';
import { discoverEngine, dockerOptions } from '../src-main/engine';
import { cleanupTestObjects, TEST_LABEL } from '../test-support/engine';
import { printReport, type BenchReport } from './bench-kit';
import { leastSquares } from './least-squares';

const ROOT = resolve(__dirname, '..');
const IMAGE = process.env.SUTAZAI_TEST_IMAGE ?? 'sutazai-test/busybox:latest';
const CONTAINERS = 50;
const SAMPLE_SECONDS = 10;
// The Metrics view's default range: its charts hold 5 minutes of 1 s samples and grow until then.
const CHART_WINDOW_MINUTES = 5;
const MB = 1e6;
const LINE = 'soak line: the quick brown fox jumps over the lazy dog 0123456789';

/**
 * `npm run bench:soak [-- --minutes N]`: `sutazai serve` with 50 idle containers and a Chromium page
 * open on Metrics for N minutes (15 by default), then the same with a container flooding its log
 * into an open Logs view (`--only metrics|logs`: one of the two). Every 10 s: the server's RSS and its heap after a collection (through its
 * inspector), and the page's JS heap after a collection (CDP). Prints each series' least-squares slope.
 */
async function main(): Promise<void> {
  const minutesArg = process.argv.indexOf('--minutes');
  const minutes = minutesArg > 0 ? Number(process.argv[minutesArg + 1]) : 15;
  if (!(minutes > 0)) throw new Error(`--minutes needs a positive number, got ${process.argv[minutesArg + 1]}`);
  const onlyArg = process.argv.indexOf('--only');
  const only = onlyArg > 0 ? process.argv[onlyArg + 1] : undefined;
  if (only !== undefined && only !== 'metrics' && only !== 'logs')
    throw new Error(`--only takes metrics or logs, got ${only ?? 'nothing'}`);
  if (!existsSync(join(ROOT, 'out', 'main', 'cli.js')))
    throw new Error('out/main/cli.js is missing: run `npx electron-vite build` first');
  const docker = new Docker(dockerOptions(discoverEngine()));
  const run = `sutazai-soak-${process.pid}`;
  const project = run;
  let server: AppServer | undefined;
  const browser = await chromium.launch({ executablePath: process.env.SUTAZAI_CHROMIUM ?? '/usr/bin/chromium' });
  try {
    for (let i = 0; i < CONTAINERS; i++) {
      const c = await docker.createContainer({
        name: `${run}-idle-${i}`,
        Image: IMAGE,
        Cmd: ['sleep', '86400'],
        StopTimeout: 1,
        Labels: { [TEST_LABEL]: run },
      });
      await c.start();
    }
    server = await startAppServer({
      args: ['--project', project],
      env: { NODE_OPTIONS: '--inspect=127.0.0.1:0' },
    });
    const inspector = await ServerInspector.connect(server.output());
    const page = await browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');

    if (only !== 'logs') {
      await page.goto(server.url);
      await page.getByRole('link', { name: 'Metrics' }).click();
      await page.getByRole('heading', { name: 'Metrics' }).waitFor();
      printReport(
        await soak('Metrics view, 50 idle containers', minutes, server, inspector, page, cdp, CHART_WINDOW_MINUTES),
      );
    }
    if (only === 'metrics') return inspector.close();

    const flood = await docker.createContainer({
      name: `${run}-flood`,
      Image: IMAGE,
      Cmd: ['yes', LINE],
      Labels: { [TEST_LABEL]: run, 'com.docker.compose.project': project, 'com.docker.compose.service': 'flood' },
      HostConfig: { LogConfig: { Type: 'json-file', Config: { 'max-size': '20m', 'max-file': '2' } } },
    });
    await flood.start();
    await page.goto(`${server.url}#/logs?service=flood`);
    await page.getByRole('heading', { name: 'Logs' }).waitFor();
    await page.getByRole('log', { name: 'Log output' }).locator('.xterm-rows').getByText('soak line').first().waitFor();
    const logs = await soak(
      'Logs view following a container printing as fast as it can',
      minutes,
      server,
      inspector,
      page,
      cdp,
    );
    printReport(logs);
    if (!server.alive()) throw new Error(`sutazai serve exited during the soak:\n${server.output()}`);
    inspector.close();
  } finally {
    await browser.close().catch(() => undefined);
    await server?.stop();
    await cleanupTestObjects(docker, run);
  }
}

interface Sample {
  at: number;
  serverRss: number;
  /** The part of the RSS that is the process's own (anonymous) memory, not the Node executable's mapped code. */
  serverPrivate: number;
  serverHeap: number;
  pageHeap: number;
}

async function soak(
  title: string,
  minutes: number,
  server: AppServer,
  inspector: ServerInspector,
  page: Page,
  cdp: CDPSession,
  /** Minutes until the view's charts hold their whole window; a second fit of the page heap starts there. */
  chartWindowMinutes = 0,
): Promise<BenchReport> {
  const samples: Sample[] = [];
  const start = Date.now();
  const end = start + minutes * 60_000;
  while (Date.now() < end) {
    const at = (Date.now() - start) / 60_000;
    const serverHeap = await inspector.heapUsedAfterGc();
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const pageHeap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
    const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
    const serverRss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) * 1024;
    const serverPrivate = Number(/RssAnon:\s+(\d+)/.exec(status)?.[1] ?? NaN) * 1024;
    samples.push({ at, serverRss, serverPrivate, serverHeap, pageHeap });
    if (!server.alive()) throw new Error(`sutazai serve exited:\n${server.output()}`);
    if (page.isClosed()) throw new Error('the page closed');
    await new Promise((r) => setTimeout(r, Math.max(0, Math.min(SAMPLE_SECONDS * 1000, end - Date.now()))));
  }
  const series = (name: string, pick: (s: Sample) => number, limitMb: number, from = 0) => {
    const kept = samples.filter((s) => s.at >= from);
    const fit = leastSquares(
      kept.map((s) => s.at),
      kept.map((s) => pick(s) / MB),
    );
    const last = pick(kept.at(-1)!) / MB;
    const max = Math.max(...kept.map((s) => pick(s) / MB));
    // Growth beyond noise: what the slope adds over the run, against twice the scatter around the line.
    const growth = fit.slope * (minutes - from);
    const flat = growth <= Math.max(2 * fit.residualSd, 1);
    return {
      row: {
        name,
        value: fit.slope,
        unit: 'MB/min',
        note: `last ${last.toFixed(1)} MB, max ${max.toFixed(1)} MB, ${growth >= 0 ? '+' : ''}${growth.toFixed(2)} MB over the run, scatter ${fit.residualSd.toFixed(2)} MB`,
      },
      ratios: [
        { name: `${name}: growth beyond noise`, value: growth, target: `<= max(2 x scatter, 1 MB)`, met: flat },
        { name: `${name}: max (MB)`, value: max, target: `< ${limitMb}`, met: max < limitMb },
      ],
    };
  };
  const parts = [
    series('server RSS', (s) => s.serverRss, 100),
    // The rest of the RSS is file-backed: the Node executable's code and libraries, shared and reclaimable.
    series('server private memory (RssAnon)', (s) => s.serverPrivate, 100),
    series('server heap after GC', (s) => s.serverHeap, 100),
    series('page JS heap after GC', (s) => s.pageHeap, 100),
    ...(chartWindowMinutes > 0 && minutes > chartWindowMinutes + 2
      ? [series('page JS heap after GC, charts full', (s) => s.pageHeap, 100, chartWindowMinutes)]
      : []),
  ];
  return {
    title: `Soak: ${title}, ${minutes} min, sampled every ${SAMPLE_SECONDS} s (${samples.length} samples)`,
    rows: parts.map((p) => p.row),
    ratios: parts.flatMap((p) => p.ratios),
  };
}

/** The server's own V8 heap, through the inspector it opened (`--inspect=127.0.0.1:0`). */
class ServerInspector {
  private nextId = 1;
  private constructor(private readonly ws: WebSocket) {}

  static async connect(output: string): Promise<ServerInspector> {
    const m = /Debugger listening on (ws:\/\/\S+)/.exec(output);
    if (!m) throw new Error(`sutazai serve printed no inspector address:\n${output}`);
    const ws = new WebSocket(m[1]!);
    await new Promise((r, j) => {
      ws.once('open', r);
      ws.once('error', j);
    });
    return new ServerInspector(ws);
  }

  private call<T>(method: string): Promise<T> {
    const id = this.nextId++;
    return new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`${method}: no answer from the inspector within 30 s`)), 30_000);
      const onMessage = (raw: WebSocket.RawData): void => {
        const msg = JSON.parse(String(raw)) as { id?: number; result?: T; error?: { message: string } };
        if (msg.id !== id) return;
        clearTimeout(timer);
        this.ws.off('message', onMessage);
        if (msg.error) rej(new Error(`${method}: ${msg.error.message}`));
        else res(msg.result as T);
      };
      this.ws.on('message', onMessage);
      this.ws.send(JSON.stringify({ id, method }));
    });
  }

  async heapUsedAfterGc(): Promise<number> {
    await this.call('HeapProfiler.collectGarbage');
    return (await this.call<{ usedSize: number }>('Runtime.getHeapUsage')).usedSize;
  }

  close(): void {
    this.ws.close();
  }
}

main().catch((err: Error) => {
  console.error(err.stack ?? String(err));
  process.exitCode = 1;
});
