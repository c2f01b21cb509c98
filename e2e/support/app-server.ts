import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';

export interface AppServer {
  url: string;
  origin: string;
  token: string;
  home: string;
  /** The server's process id (to read its memory from /proc). */
  pid: number;
  /** Whether the process is still running. */
  alive: () => boolean;
  output: () => string;
  stop(): Promise<void>;
}

export interface AppServerOptions {
  env?: Record<string, string | undefined>;
  args?: string[];
  /** Reuse an app home (to check that something survives a restart). */
  home?: string;
  /** Leave the first run in place (by default it is skipped through the API, as its Skip button does). */
  firstRun?: boolean;
}

const ROOT = resolve(__dirname, '..', '..');

/**
 * Starts the real browser mode (`sutazai serve --port 0`, no stack endpoint unless `args` ask for one:
 * its port is fixed) with its own temporary SUTAZAI_HOME and waits for the line it prints: `SutazAI Control Center at http://127.0.0.1:<port>/?token=<token>`.
 */
export async function startAppServer(options: AppServerOptions = {}): Promise<AppServer> {
  const home = options.home ?? mkdtempSync(join(tmpdir(), 'sutazai-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'sutazai.js'), 'serve', '--port', '0', '--stack-port', '0', ...(options.args ?? [])],
    {
      cwd: ROOT,
      env: { ...process.env, SUTAZAI_TOKEN: undefined, ...options.env, SUTAZAI_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`sutazai serve printed no URL within 20 s:\n${output}`)), 20_000);
    const check = (): void => {
      const m = /SutazAI Control Center at (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        res(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`sutazai serve exited with ${code}:\n${output}`));
    });
  });
  const parsed = new URL(url);
  if (!options.firstRun) {
    const skipped = await callApi(parsed.origin, parsed.searchParams.get('token')!, 'setup:finish', {
      skipped: true,
    }).catch((err: Error) => err);
    if (skipped instanceof Error) {
      child.kill('SIGKILL');
      throw new Error(`could not skip the first run: ${skipped.message}\n${output}`);
    }
  }
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token')!,
    home,
    pid: child.pid!,
    alive: () => child.exitCode === null && child.signalCode === null,
    output: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      if (!options.home) rmSync(home, { recursive: true, force: true });
    },
  };
}

/** One call of the app's API over its WebSocket, as the page makes it. */
export async function callApi(origin: string, token: string, name: string, input: unknown): Promise<unknown> {
  const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/ws?token=${encodeURIComponent(token)}`);
  try {
    return await new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`${name}: no answer within 10 s`)), 10_000);
      ws.once('error', rej);
      ws.once('open', () => ws.send(JSON.stringify({ type: 'call', id: 1, name, input })));
      ws.on('message', (raw) => {
        const m = JSON.parse(String(raw)) as {
          type: string;
          id: number;
          result?: { ok: boolean; value?: unknown; error?: { message: string } };
        };
        if (m.type !== 'result' || m.id !== 1) return;
        clearTimeout(timer);
        if (m.result?.ok) res(m.result.value);
        else rej(new Error(`${name}: ${m.result?.error?.message ?? 'failed'}`));
      });
    });
  } finally {
    ws.close();
  }
}
