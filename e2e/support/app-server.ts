import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

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
}

const ROOT = resolve(__dirname, '..', '..');

/**
 * Starts the real browser mode (`sutazai serve --port 0`) with its own temporary SUTAZAI_HOME and
 * waits for the line it prints: `SutazAI Control Center at http://127.0.0.1:<port>/?token=<token>`.
 */
export async function startAppServer(options: AppServerOptions = {}): Promise<AppServer> {
  const home = options.home ?? mkdtempSync(join(tmpdir(), 'sutazai-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin', 'sutazai.js'), 'serve', '--port', '0', ...(options.args ?? [])], {
    cwd: ROOT,
    env: { ...process.env, SUTAZAI_TOKEN: undefined, ...options.env, SUTAZAI_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
