import { createHook } from 'node:async_hooks';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testEngine } from '../../test-support/engine';
import { createCore } from './create-core';

const engine = await testEngine();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const homes: string[] = [];
const tempHome = () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'sutazai-core-')), 'home');
  homes.push(dir);
  return dir;
};
afterAll(() => homes.forEach((h) => rmSync(join(h, '..'), { recursive: true, force: true })));

/** Timers, immediates and sockets created while `fn` runs that are still alive afterwards, with where they were made. */
async function leftBehind(fn: () => Promise<void>): Promise<string[]> {
  const kinds = new Set([
    'Timeout',
    'Immediate',
    'TCPWRAP',
    'PIPEWRAP',
    'TCPCONNECTWRAP',
    'PIPECONNECTWRAP',
    'PROCESSWRAP',
    'FSEVENTWRAP',
    'STATWATCHER',
  ]);
  const alive = new Map<number, string>();
  const hook = createHook({
    init(id, type) {
      if (kinds.has(type)) alive.set(id, `${type}${new Error().stack?.split('\n').slice(3, 9).join('\n') ?? ''}`);
    },
    destroy(id) {
      alive.delete(id);
    },
  }).enable();
  try {
    await fn();
    // Requests already on their way when the core was disposed may finish; nothing may start again.
    await sleep(1500);
    await new Promise((r) => setImmediate(r));
  } finally {
    hook.disable();
  }
  // The harness's own waits are not the core's.
  return [...alive.values()].filter((where) => !where.includes('create-core.spec.ts'));
}

describe('createCore', () => {
  it('builds only what is used: reading the stack creates no database', () => {
    const home = tempHome();
    const core = createCore({ mode: 'cli', home, env: { ...process.env, SUTAZAI_HOME: home } });
    try {
      expect(existsSync(home)).toBe(false);
      expect(core.stack.profiles().map((p) => p.name)).toContain('minimal');
      expect(existsSync(join(home, 'stack.env'))).toBe(true);
      expect(existsSync(core.databaseFile)).toBe(false);
      expect(core.events.list()).toEqual([]);
      expect(existsSync(core.databaseFile)).toBe(true);
      expect(core.databaseFile).toBe(join(home, 'sutazai.db'));
      expect(core.project).toBe('sutazai');
      expect(core.info).toMatchObject({ name: 'SutazAI Control Center', mode: 'cli', home });
    } finally {
      core.dispose();
    }
  });

  it('answers a call through its router, and a part used after dispose is released at once', async () => {
    const core = createCore({
      mode: 'browser',
      home: tempHome(),
      env: { ...process.env, DOCKER_HOST: 'unix:///tmp/sutazai-no-such-engine.sock' },
    });
    const ctx = { transport: 'direct' as const, peer: 'spec', signal: new AbortController().signal };
    const result = await core.router.call('system:info', {}, ctx);
    expect(result).toEqual({
      ok: true,
      value: { ...core.info, homeAccess: expect.objectContaining({ private: true, mode: '0700' }) },
    });
    core.dispose();
    expect(() => core.events.list()).toThrow(/database connection is not open/);
  });

  it.skipIf(!engine.available)(
    'leaves no timer, stream or socket behind once disposed, after running everything a host starts',
    async () => {
      const home = tempHome();
      const left = await leftBehind(async () => {
        const core = createCore({ mode: 'browser', home, project: `sutazai-test-core-${process.pid}` });
        core.hostSampler.start();
        core.startSupervision();
        const engineWatch = core.engineMonitor.subscribe(() => undefined);
        const servicesWatch = core.stack.watchServices(() => undefined);
        const metricsWatch = core.metrics.watch('spec', () => undefined);
        const guardWatch = core.guard.subscribe(() => undefined);
        await sleep(2500);
        expect(core.supervisor.engineConnected).toBe(true);
        expect(core.guard.status()).toBeDefined();
        expect(core.metrics.latest()).toBeDefined();
        expect(core.hostSampler.latest()).toBeDefined();
        // A host disposes the core without undoing each subscription first.
        void [engineWatch, servicesWatch, metricsWatch, guardWatch];
        core.dispose();
      });
      expect(left).toEqual([]);
    },
  );
});
