import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type RunningServer, type ServeOptions } from '../src-main/server';

export interface ApiAnswer {
  status: number;
  headers: Headers;
  text: string;
  json<T = unknown>(): T;
}

export interface BrowserApi {
  running: RunningServer;
  base: string;
  home: string;
  /** A request with the token (unless `auth: false`); the body is sent as given. */
  request(
    path: string,
    init?: { method?: string; body?: string; headers?: Record<string, string>; auth?: boolean },
  ): Promise<ApiAnswer>;
  /** Rows in a table of the server's database. */
  rows(table: string): number;
  stop(): Promise<void>;
}

/**
 * The real browser mode in this process (`serve()`), on a free port, with its own temporary
 * SUTAZAI_HOME and a compose project of its own, so that its supervision never sees other stacks.
 * `env` adds to this process's environment. No stack endpoint unless `stackPort` is given: its port
 * is fixed, and the spec that runs the monitoring profile holds it.
 */
export async function startBrowserApi(options: Partial<ServeOptions> = {}): Promise<BrowserApi> {
  const home = mkdtempSync(join(tmpdir(), 'sutazai-api-'));
  const { env, ...rest } = options;
  const running = await serve({
    port: 0,
    stackPort: 0,
    staticDir: home,
    project: `sutazai-api-spec-${randomBytes(3).toString('hex')}`,
    ...rest,
    env: { ...process.env, SUTAZAI_TOKEN: undefined, ...env, SUTAZAI_HOME: home },
  });
  const base = `http://127.0.0.1:${running.server.port}`;
  return {
    running,
    base,
    home,
    async request(path, init = {}) {
      const res = await fetch(`${base}${path}`, {
        method: init.method ?? 'GET',
        headers: { ...(init.auth === false ? {} : { Authorization: `Bearer ${running.token}` }), ...init.headers },
        ...(init.body !== undefined ? { body: init.body } : {}),
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, text, json: <T>() => JSON.parse(text) as T };
    },
    rows: (table) => (running.core.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n,
    async stop() {
      await running.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
