import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core';
import type { CallContext } from '../rpc/handlers';

const ctx: CallContext = { transport: 'direct', peer: 'spec', signal: new AbortController().signal };
const dirs: string[] = [];
const cores: Core[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'sutazai-settings-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  cores.splice(0).forEach((c) => c.dispose());
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

/** A real core (SQLite in a temp home) with no engine behind DOCKER_HOST and a temp XDG config home. */
function core(home = tempDir(), env: Record<string, string> = {}): Core & { configHome: string } {
  const configHome = env.XDG_CONFIG_HOME ?? tempDir();
  const c = createCore({
    home,
    mode: 'browser',
    version: 'test',
    env: {
      PATH: process.env.PATH ?? '',
      DOCKER_HOST: 'unix:///tmp/sutazai-settings-no-engine.sock',
      XDG_CONFIG_HOME: configHome,
      ...env,
    },
  });
  cores.push(c);
  return Object.assign(c, { configHome });
}

async function call(c: Core, name: string, input: unknown) {
  return c.router.call(name, input, ctx);
}

describe('settings', () => {
  it('starts from the defaults', async () => {
    const r = await call(core(), 'settings:get', {});
    expect(r).toMatchObject({
      ok: true,
      value: {
        values: {
          engineEndpoint: '',
          ollamaUrl: '',
          memoryBudgetBytes: null,
          guardDryRun: false,
          notifications: true,
          startOnLogin: false,
          startHidden: false,
          closeToTray: false,
          stopStackOnQuit: false,
          theme: 'system',
        },
        effective: { engineEndpoint: 'unix:///tmp/sutazai-settings-no-engine.sock', engineSource: 'DOCKER_HOST' },
        loginItem: { supported: true },
        mode: 'browser',
      },
    });
  });

  it('stores each setting in the database, where a restarted core finds it', async () => {
    const home = tempDir();
    const first = core(home);
    const set = await call(first, 'settings:set', {
      memoryBudget: '12G',
      guardDryRun: true,
      theme: 'light',
      closeToTray: true,
      stopStackOnQuit: true,
      notifications: false,
      ollamaUrl: 'http://127.0.0.1:11999',
    });
    expect(set.ok).toBe(true);
    first.dispose();
    cores.splice(cores.indexOf(first), 1);
    const again = await call(core(home), 'settings:get', {});
    expect(again).toMatchObject({
      ok: true,
      value: {
        values: {
          memoryBudgetBytes: 12 * 1024 ** 3,
          guardDryRun: true,
          theme: 'light',
          closeToTray: true,
          stopStackOnQuit: true,
          notifications: false,
          ollamaUrl: 'http://127.0.0.1:11999',
        },
        effective: { ollamaUrl: 'http://127.0.0.1:11999', ollamaSource: 'settings', memoryBudgetBytes: 12 * 1024 ** 3 },
      },
    });
  });

  it('refuses bad values with a message naming the field and what is accepted', async () => {
    const c = core();
    const cases: [unknown, string][] = [
      [{ memoryBudget: 'lots' }, 'settings:set: memoryBudget: write a size such as 12G'],
      [{ memoryBudget: '1M' }, 'memoryBudget: 1 MiB is below the smallest budget the guard accepts (64 MiB)'],
      [{ ollamaUrl: 'ftp://x' }, 'settings:set: ollamaUrl: use an http:// or https:// address'],
      [{ engineEndpoint: '/var/run/docker.sock' }, 'settings:set: engineEndpoint: use unix:///path/to/docker.sock'],
      [{ theme: 'pink' }, 'settings:set: theme:'],
      [{ colour: 'red' }, 'settings:set: (input): Unrecognized key'],
    ];
    for (const [input, message] of cases) {
      const r = await call(c, 'settings:set', input);
      expect(r.ok, JSON.stringify(input)).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('INVALID_INPUT');
        expect(r.error.message).toContain(message);
      }
    }
    // Nothing of a refused patch was stored.
    expect(await call(c, 'settings:get', {})).toMatchObject({
      ok: true,
      value: { values: { memoryBudgetBytes: null, ollamaUrl: '', theme: 'system' } },
    });
  });

  it('points the engine client at a new endpoint at once, and back to discovery when cleared', async () => {
    const c = core();
    await call(c, 'settings:set', { engineEndpoint: 'tcp://127.0.0.1:1' });
    const status = await call(c, 'engine:status', {});
    expect(status).toMatchObject({
      ok: true,
      value: { connected: false, endpoint: 'tcp://127.0.0.1:1', source: 'settings' },
    });
    await call(c, 'settings:set', { engineEndpoint: '' });
    expect(c.engine.endpoint).toMatchObject({
      url: 'unix:///tmp/sutazai-settings-no-engine.sock',
      source: 'DOCKER_HOST',
    });
  });

  it('writes and removes the XDG autostart entry for start on login', async () => {
    const c = core();
    const file = join(c.configHome, 'autostart', 'sutazai-control-center.desktop');
    expect(await call(c, 'settings:set', { startOnLogin: true })).toMatchObject({
      ok: true,
      value: { values: { startOnLogin: true } },
    });
    expect(readFileSync(file, 'utf8')).toContain(`Exec=${process.execPath}`);
    expect(await call(c, 'settings:set', { startOnLogin: false })).toMatchObject({
      ok: true,
      value: { values: { startOnLogin: false } },
    });
    expect(existsSync(file)).toBe(false);
  });

  it('tells every watcher about a change', async () => {
    const c = core();
    const seen: unknown[] = [];
    const sub = c.router.subscribe(
      'settings:watch',
      {},
      (e) => seen.push(e),
      () => undefined,
      ctx,
    );
    await call(c, 'settings:set', { theme: 'dark' });
    expect(seen).toMatchObject([{ values: { theme: 'dark' } }]);
    if (sub.ok) sub.value();
  });

  it('measures the data folder', async () => {
    const c = core();
    const r = await call(c, 'settings:dataFolder', {});
    expect(r.ok).toBe(true);
    if (r.ok) {
      const v = r.value as { path: string; bytes: number; files: number };
      expect(v.path).toBe(c.home);
      expect(v.files).toBeGreaterThanOrEqual(1);
      expect(v.bytes).toBeGreaterThanOrEqual(statSync(join(c.home, 'sutazai.db')).size);
    }
  });
});

describe('browser-mode token', () => {
  it('is generated once, kept across restarts, and regenerated on request', async () => {
    const home = tempDir();
    const first = core(home);
    const token = first.browserToken.current();
    expect(token).toMatch(/^[\w-]{32}$/);
    first.dispose();
    cores.splice(cores.indexOf(first), 1);
    const second = core(home);
    expect(await call(second, 'settings:browserToken', {})).toEqual({ ok: true, value: { token, source: 'stored' } });
    const r = await call(second, 'settings:regenerateToken', { confirm: true });
    expect(r.ok && (r.value as { token: string }).token).not.toBe(token);
    expect(second.browserToken.current()).toBe(r.ok && (r.value as { token: string }).token);
  });

  it('comes from SUTAZAI_TOKEN when set, and is then not regenerated here', async () => {
    const c = core(tempDir(), { SUTAZAI_TOKEN: 'a-token-from-the-environment' });
    expect(c.browserToken.current()).toBe('a-token-from-the-environment');
    expect(await call(c, 'settings:regenerateToken', { confirm: true })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: 'The token comes from SUTAZAI_TOKEN' },
    });
    expect(() => core(tempDir(), { SUTAZAI_TOKEN: 'short' }).browserToken.current()).toThrow('at least 16 characters');
  });
});
