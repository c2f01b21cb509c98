import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src-shared/api';
import type { AllHandlers, CallContext } from './handlers';
import { Router } from './router';

const ctx: CallContext = { transport: 'direct', peer: 'test', signal: new AbortController().signal };
const quiet = { warn: () => undefined, error: () => undefined };

function handlers(overrides: Partial<AllHandlers> = {}): AllHandlers {
  return {
    'system:info': () => ({
      name: 'x',
      version: '1',
      mode: 'cli',
      home: '/h',
      node: '20',
      platform: 'linux',
      startedAt: 1,
    }),
    'engine:status': () => ({
      connected: false,
      endpoint: 'unix:///nope',
      source: 'default-socket',
      tried: [],
      checkedAt: 1,
    }),
    'engine:watch': () => () => undefined,
    'host:profile': () => {
      throw new ApiError('UNAVAILABLE', 'no profile', 'try later');
    },
    'host:history': ({ seconds }) => [
      { time: seconds ?? 0, cpuPercent: 1, memUsedBytes: 1, memTotalBytes: 2, memAvailableBytes: 1 },
    ],
    'host:samples': (_i, emit) => {
      emit({ time: 1, cpuPercent: 2, memUsedBytes: 3, memTotalBytes: 4, memAvailableBytes: 1 });
      return () => undefined;
    },
    ...overrides,
  } as AllHandlers;
}

describe('Router', () => {
  it('answers a valid call with its value', async () => {
    const r = new Router(handlers(), quiet);
    expect(await r.call('host:history', { seconds: 5 }, ctx)).toEqual({
      ok: true,
      value: [{ time: 5, cpuPercent: 1, memUsedBytes: 1, memTotalBytes: 2, memAvailableBytes: 1 }],
    });
  });

  it('rejects an invalid payload with INVALID_INPUT naming the field, without running the handler', async () => {
    let ran = false;
    const r = new Router(handlers({ 'host:history': () => ((ran = true), []) }), quiet);
    const res = await r.call('host:history', { seconds: 'ten' }, ctx);
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('INVALID_INPUT');
      expect(res.error.message).toContain('seconds');
    }
    expect(ran).toBe(false);
    const extra = await r.call('system:info', { surprise: 1 }, ctx);
    expect(extra.ok || extra.error.code).toBe('INVALID_INPUT');
  });

  it('rejects unknown names and streams called as procedures', async () => {
    const r = new Router(handlers(), quiet);
    for (const name of ['nope:nothing', 'host:samples', '__proto__', 'constructor']) {
      const res = await r.call(name, {}, ctx);
      expect(res.ok ? 'ok' : res.error.code).toBe('UNKNOWN_PROCEDURE');
    }
  });

  it('passes ApiError codes and hints through and wraps other errors as INTERNAL', async () => {
    const r = new Router(handlers({ 'system:info': () => Promise.reject(new Error('disk on fire')) }), quiet);
    expect(await r.call('host:profile', {}, ctx)).toEqual({
      ok: false,
      error: { code: 'UNAVAILABLE', message: 'no profile', hint: 'try later' },
    });
    const res = await r.call('system:info', {}, ctx);
    expect(res).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'system:info failed: disk on fire' } });
  });

  it('starts a stream, delivers events, and stops it once', () => {
    let stops = 0;
    const r = new Router(
      handlers({
        'host:samples': (_i, emit) => {
          emit({ time: 7, cpuPercent: 0, memUsedBytes: 0, memTotalBytes: 1, memAvailableBytes: 1 });
          return () => stops++;
        },
      }),
      quiet,
    );
    const events: unknown[] = [];
    let ended = 0;
    const res = r.subscribe(
      'host:samples',
      {},
      (e) => events.push(e),
      () => ended++,
      ctx,
    );
    expect(res.ok).toBe(true);
    expect(events).toHaveLength(1);
    if (res.ok) {
      res.value();
      res.value();
    }
    expect(stops).toBe(1);
    expect(ended).toBe(1);
  });

  it('answers a name that is not a string, and huge invalid input, with short typed errors', async () => {
    const r = new Router(handlers(), quiet);
    const odd = JSON.parse('{"toString":1}') as unknown as string;
    expect(await r.call(odd, {}, ctx)).toEqual({
      ok: false,
      error: { code: 'UNKNOWN_PROCEDURE', message: "No procedure named 'object'" },
    });
    const huge = await r.call('host:history', { ['k'.repeat(100_000)]: 1 }, ctx);
    expect(huge).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    if (!huge.ok) expect(huge.error.message.length).toBeLessThan(1200);
  });
});
