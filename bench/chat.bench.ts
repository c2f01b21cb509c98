import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ollama } from 'ollama';
import WebSocket from 'ws';
import { startOllamaApiServer } from '../test-support/ollama-api-server';
import { median, percentile, serveUrl, type BenchReport } from './bench-kit';

const ROOT = resolve(__dirname, '..');
const RUNS = 8;
const TOKENS = 150;

/**
 * Added latency per streamed chunk: the chunk's write at the test Ollama server (stamped in this
 * process) to its arrival at a WebSocket client of the real `sutazai serve` (the page's path),
 * vs the `ollama` client reading the same server directly; and the time to first token of each.
 */
export default async function chatBench(): Promise<BenchReport> {
  if (!existsSync(join(ROOT, 'out', 'main', 'cli.js')))
    throw new Error('out/main/cli.js is missing: run `npx electron-vite build` first');
  let writes: number[] = [];
  const fixture = await startOllamaApiServer({
    installed: ['tinyllama'],
    tokenDelayMs: 2,
    replyTokens: TOKENS - 3,
    onChatChunk: (i, t) => (writes[i] = t),
  });
  const home = mkdtempSync(join(tmpdir(), 'sutazai-bench-chat-'));
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'sutazai.js'), 'serve', '--port', '0', '--stack-port', '0', '--ollama-url', fixture.url],
    {
      cwd: ROOT,
      env: { ...process.env, SUTAZAI_HOME: home, SUTAZAI_TOKEN: undefined },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  try {
    const appUrl = await serveUrl(child);
    const ws = new WebSocket(`ws://${appUrl.host}/ws?token=${appUrl.searchParams.get('token')}`);
    await new Promise((r, j) => {
      ws.once('open', r);
      ws.once('error', j);
    });
    const ollama = new Ollama({ host: fixture.url });

    const direct = { lat: [] as number[], ttft: [] as number[] };
    const viaApp = { lat: [] as number[], ttft: [] as number[] };
    let subId = 1;
    const runDirect = async (keep: boolean): Promise<void> => {
      writes = [];
      const start = performance.now();
      const recv: number[] = [];
      for await (const c of await ollama.chat({
        model: 'tinyllama',
        messages: [{ role: 'user', content: 'bench' }],
        stream: true,
      })) {
        if (!c.done) recv.push(performance.now());
      }
      if (keep) collect(direct, start, recv, writes);
    };
    const runApp = (keep: boolean): Promise<void> =>
      new Promise((res, rej) => {
        writes = [];
        const id = subId++;
        const recv: number[] = [];
        const start = performance.now();
        const onMessage = (raw: WebSocket.RawData): void => {
          const m = JSON.parse(String(raw)) as {
            type: string;
            id: number;
            data?: { type: string; code?: string; message?: string };
          };
          if (m.type !== 'event' || m.id !== id || !m.data) return;
          if (m.data.type === 'token') recv.push(performance.now());
          else if (m.data.type === 'done' || m.data.type === 'error') {
            ws.off('message', onMessage);
            ws.send(JSON.stringify({ type: 'unsubscribe', id }));
            if (m.data.type === 'error') return rej(new Error(m.data.message));
            if (keep) collect(viaApp, start, recv, writes);
            res();
          }
        };
        ws.on('message', onMessage);
        ws.send(
          JSON.stringify({ type: 'subscribe', id, name: 'chat:send', input: { model: 'tinyllama', content: 'bench' } }),
        );
      });

    await runDirect(false);
    await runApp(false);
    for (let i = 0; i < RUNS; i++) {
      await runDirect(true);
      await runApp(true);
    }
    ws.close();
    const addedP99 = percentile(viaApp.lat, 99) - percentile(direct.lat, 99);
    const ttftOverhead = median(viaApp.ttft) - median(direct.ttft);
    return {
      title: `Chat streaming: sutazai serve (WebSocket) vs the ollama client, same test server, ${RUNS} replies x ${TOKENS} chunks each`,
      rows: [
        {
          name: 'direct chunk latency p50',
          value: median(direct.lat),
          unit: 'ms',
          note: 'server write -> ollama client',
        },
        { name: 'direct chunk latency p99', value: percentile(direct.lat, 99), unit: 'ms' },
        {
          name: 'via app chunk latency p50',
          value: median(viaApp.lat),
          unit: 'ms',
          note: 'server write -> app -> WebSocket client',
        },
        { name: 'via app chunk latency p99', value: percentile(viaApp.lat, 99), unit: 'ms' },
        { name: 'direct time to first token', value: median(direct.ttft), unit: 'ms', note: 'median' },
        {
          name: 'via app time to first token',
          value: median(viaApp.ttft),
          unit: 'ms',
          note: 'median, includes storing the prompt',
        },
      ],
      ratios: [
        { name: 'added latency p50 (ms)', value: median(viaApp.lat) - median(direct.lat) },
        { name: 'added latency p99 (ms)', value: addedP99, target: '< 1 ms', met: addedP99 < 1 },
        { name: 'time to first token overhead (ms)', value: ttftOverhead },
      ],
      floors: [
        {
          name: 'added latency per chunk, p99',
          unit: 'ms',
          measured: addedP99,
          peer: percentile(direct.lat, 99),
          floor: 0,
          floorNote:
            'a proxy adds nothing at best; the peer figure is the ollama client reading the server directly (absolute p99)',
          target: '< 1 ms',
          met: addedP99 < 1,
        },
      ],
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    await fixture.close();
    rmSync(home, { recursive: true, force: true });
  }
}

function collect(into: { lat: number[]; ttft: number[] }, start: number, recv: number[], writes: number[]): void {
  if (recv.length !== writes.length)
    throw new Error(`received ${recv.length} chunks, the server wrote ${writes.length}`);
  recv.forEach((t, i) => into.lat.push(t - writes[i]!));
  into.ttft.push(recv[0]! - start);
}
