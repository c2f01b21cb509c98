import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import { serveUrl, type BenchReport } from './bench-kit';

const ROOT = resolve(__dirname, '..');
const IMAGE = process.env.SUTAZAI_TEST_IMAGE ?? 'sutazai-test/busybox:latest';
const LINES = 400_000;
const LIVE_SECONDS = 5;
const LINE = 'bench line: the quick brown fox jumps over the lazy dog 0123456789';

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function docker(args: string[]): string {
  return execFileSync('docker', args, { encoding: 'utf8' }).trim();
}

/** Like the page: acks what it has taken every 64 KiB or 25 ms (the page acks what xterm parsed). */
class PageLikeClient {
  private nextId = 1;
  private constructor(private readonly ws: WebSocket) {}

  static async connect(url: URL): Promise<PageLikeClient> {
    const ws = new WebSocket(`ws://${url.host}/ws?token=${url.searchParams.get('token')}`);
    await new Promise((r, j) => {
      ws.once('open', r);
      ws.once('error', j);
    });
    return new PageLikeClient(ws);
  }

  /** Follows `service` and counts lines until `done` or `until` says stop; returns the count. */
  follow(input: Record<string, unknown>, until: Promise<void> | null): Promise<{ lines: number; ms: number }> {
    const id = this.nextId++;
    let callId = 1_000_000 + id * 100_000;
    return new Promise((resolveFollow, reject) => {
      let lines = 0;
      let toAck = 0;
      let streamId = '';
      let timer: NodeJS.Timeout | undefined;
      const start = performance.now();
      const ack = (): void => {
        clearTimeout(timer);
        timer = undefined;
        if (toAck === 0 || !streamId) return;
        this.ws.send(
          JSON.stringify({ type: 'call', id: callId++, name: 'logs:ack', input: { streamId, bytes: toAck } }),
        );
        toAck = 0;
      };
      const finish = (): void => {
        clearTimeout(timer);
        this.ws.off('message', onMessage);
        this.ws.send(JSON.stringify({ type: 'unsubscribe', id }));
        resolveFollow({ lines, ms: performance.now() - start });
      };
      const onMessage = (raw: WebSocket.RawData): void => {
        const m = JSON.parse(String(raw)) as {
          type: string;
          id: number;
          data?: {
            streamId: string;
            data: string;
            bytes: number;
            done?: boolean;
            error?: { message: string };
            sources?: { state: string }[];
          };
        };
        if (m.id !== id) return;
        if (m.type === 'end') return reject(new Error(`follow ended: ${JSON.stringify(m)}`));
        if (m.type !== 'event' || !m.data) return;
        const b = m.data;
        if (b.error) return reject(new Error(b.error.message));
        streamId = b.streamId;
        lines += countLines(b.data);
        toAck += b.bytes;
        if (toAck >= 64 * 1024) ack();
        else timer ??= setTimeout(ack, 25);
        // A follow goes on after its container stops (it waits for it to start again): the state that says so ends the read here.
        if (b.done || b.sources?.some((s) => s.state !== 'following')) finish();
      };
      this.ws.on('message', onMessage);
      this.ws.send(JSON.stringify({ type: 'subscribe', id, name: 'logs:follow', input }));
      void until?.then(finish);
    });
  }

  close(): void {
    this.ws.close();
  }
}

function timeDockerLogs(args: string[]): Promise<number> {
  return new Promise((res, rej) => {
    const start = performance.now();
    const child = spawn('docker', ['logs', ...args], { stdio: ['ignore', 'ignore', 'ignore'] });
    child.once('error', rej);
    child.once('exit', (code) =>
      code === 0 ? res(performance.now() - start) : rej(new Error(`docker logs exited ${code}`)),
    );
  });
}

/**
 * Log lines per second delivered to a page-like WebSocket client of the real `sutazai serve`
 * (acking as the page does) vs `docker logs -f > /dev/null` on the same container: (a) a finished
 * container's whole log of 400 000 lines, read as fast as each can; (b) a container printing as fast
 * as it can, both following it at the same time.
 */
export default async function logsBench(): Promise<BenchReport> {
  if (!existsSync(join(ROOT, 'out', 'main', 'cli.js')))
    throw new Error('out/main/cli.js is missing: run `npx electron-vite build` first');
  const project = `sutazai-bench-logs-${process.pid}`;
  const labels = ['--label', `com.docker.compose.project=${project}`, '--label', `ai.sutazai.test=${project}`];
  const backlog = `${project}-backlog`;
  const flood = `${project}-flood`;
  const home = mkdtempSync(join(tmpdir(), 'sutazai-bench-logs-'));
  docker([
    'run',
    '-d',
    '--name',
    backlog,
    ...labels,
    '--label',
    'com.docker.compose.service=backlog',
    '--log-opt',
    'max-size=200m',
    '--log-opt',
    'max-file=1',
    IMAGE,
    'sh',
    '-c',
    `yes "${LINE}" | head -n ${LINES}`,
  ]);
  docker(['wait', backlog]);
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'sutazai.js'), 'serve', '--port', '0', '--stack-port', '0', '--project', project],
    {
      cwd: ROOT,
      env: { ...process.env, SUTAZAI_HOME: home, SUTAZAI_TOKEN: undefined },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  try {
    const appUrl = await serveUrl(child);
    const client = await PageLikeClient.connect(appUrl);

    // (a) the whole log of a finished container, warmed once, then best of three each.
    await client.follow({ services: ['backlog'], tail: 1000 }, null);
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < 3; i++) {
      theirs.push(LINES / ((await timeDockerLogs(['-f', backlog])) / 1000));
      const r = await client.follow({ services: ['backlog'] }, null);
      // One more line than printed: the one that marks the container stopped.
      if (r.lines !== LINES + 1)
        throw new Error(
          `the page-like client got ${r.lines} lines, the container printed ${LINES} (+ the stop marker)`,
        );
      ours.push(LINES / (r.ms / 1000));
    }
    const oursBest = Math.max(...ours);
    const theirsBest = Math.max(...theirs);

    // (b) live: a container printing as fast as it can, both following it for the same seconds.
    docker([
      'run',
      '-d',
      '--name',
      flood,
      ...labels,
      '--label',
      'com.docker.compose.service=flood',
      '--log-opt',
      'max-size=20m',
      '--log-opt',
      'max-file=2',
      IMAGE,
      'yes',
      LINE,
    ]);
    await new Promise((r) => setTimeout(r, 500));
    const dockerLive = spawn('docker', ['logs', '-f', '--tail', '0', flood], { stdio: ['ignore', 'pipe', 'ignore'] });
    let dockerLines = 0;
    dockerLive.stdout!.on('data', (d: Buffer) => {
      for (let i = d.indexOf(10); i >= 0; i = d.indexOf(10, i + 1)) dockerLines++;
    });
    const window = new Promise<void>((r) => setTimeout(r, LIVE_SECONDS * 1000));
    const live = await client.follow({ services: ['flood'], tail: 0 }, window);
    dockerLive.kill('SIGTERM');
    const statusText = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const peakRssMb = Number(/VmHWM:\s+(\d+)/.exec(statusText)?.[1] ?? NaN) / 1024;
    client.close();

    const ratio = oursBest / theirsBest;
    const liveRatio = live.lines / dockerLines;
    return {
      title: `Logs: lines/s to a page-like WebSocket client of sutazai serve (acking like the page) vs docker logs -f > /dev/null, same container`,
      rows: [
        {
          name: 'docker logs -f, whole log',
          value: theirsBest,
          unit: 'lines/s',
          note: `best of 3 over ${LINES.toLocaleString()} lines, CLI start included, all of ${theirs.map((x) => x.toFixed(0)).join(', ')}`,
        },
        {
          name: 'app -> page-like client, whole log',
          value: oursBest,
          unit: 'lines/s',
          note: `best of 3, all of ${ours.map((x) => x.toFixed(0)).join(', ')}; every line counted`,
        },
        {
          name: 'docker logs -f, live flood',
          value: dockerLines / LIVE_SECONDS,
          unit: 'lines/s',
          note: `${LIVE_SECONDS} s of \`yes\`, read at the same time as the app; its output counted by this process`,
        },
        { name: 'app -> page-like client, live flood', value: live.lines / (live.ms / 1000), unit: 'lines/s' },
        {
          name: 'sutazai serve peak RSS',
          value: peakRssMb,
          unit: 'MB',
          note: 'VmHWM of the whole serve process after both runs',
        },
      ],
      ratios: [
        { name: 'app / docker logs, whole log', value: ratio, target: '>= 1.2', met: ratio >= 1.2 },
        { name: 'app / docker logs, live flood', value: liveRatio, target: '>= 1.2', met: liveRatio >= 1.2 },
        { name: 'sutazai serve peak RSS (MB)', value: peakRssMb, target: '< 150', met: peakRssMb < 150 },
      ],
      floors: [
        {
          name: 'whole log to the page',
          unit: 'lines/s',
          measured: oursBest,
          peer: theirsBest,
          floor: theirsBest,
          floorNote:
            'the engine serving the same log to its own CLI as fast as it reads: the app gets the same stream from the same API',
          target: '>= 1.2x docker logs -f',
          met: ratio >= 1.2,
        },
        {
          name: 'live flood to the page',
          unit: 'lines/s',
          measured: live.lines / (live.ms / 1000),
          peer: dockerLines / LIVE_SECONDS,
          floor: dockerLines / LIVE_SECONDS,
          floorNote: 'docker logs -f on the same flood over the same seconds',
          target: '>= 1.2x docker logs -f',
          met: liveRatio >= 1.2,
        },
      ],
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    for (const name of [backlog, flood]) {
      try {
        docker(['rm', '-f', name]);
      } catch {
        // not created
      }
    }
    rmSync(home, { recursive: true, force: true });
  }
}
