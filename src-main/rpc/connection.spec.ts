import { describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../src-shared/api';
import { RpcConnection } from './connection';
import type { AllHandlers } from './handlers';
import { Router } from './router';

function setup(limits?: { maxSubscriptions: number; maxPendingCalls: number }) {
  let active = 0;
  let release: () => void = () => undefined;
  const handlers = {
    'system:info': () => ({
      name: 'n',
      version: 'v',
      mode: 'cli',
      home: '/',
      node: '20',
      platform: 'linux',
      startedAt: 0,
    }),
    'host:samples': (_i: unknown, emit: (e: unknown) => void) => {
      active++;
      emit({ n: 1 });
      return () => active--;
    },
    'host:profile': () => new Promise((resolve) => (release = () => resolve({}))),
    'engine:watch': () => {
      throw new Error('the engine watcher failed to start');
    },
  } as unknown as AllHandlers;
  const sent: ServerMessage[] = [];
  const quiet = { warn: () => undefined, error: () => undefined };
  const conn = new RpcConnection(
    new Router(handlers, quiet),
    (m) => sent.push(m),
    { transport: 'direct', peer: 't' },
    limits,
  );
  return { conn, sent, active: () => active, release: () => release() };
}

describe('RpcConnection', () => {
  it('answers calls by id', async () => {
    const { conn, sent } = setup();
    await conn.handle({ type: 'call', id: 3, name: 'system:info', input: {} });
    expect(sent[0]).toMatchObject({ type: 'result', id: 3, result: { ok: true, value: { name: 'n' } } });
  });

  it('answers malformed messages with a typed error instead of throwing', async () => {
    const { conn, sent } = setup();
    await conn.handle('not an object');
    await conn.handle({ type: 'call', id: 'x' });
    await conn.handle({ type: 'launch', id: 9 });
    await conn.handle({ type: 'call', id: 10, name: 42 });
    expect(sent.map((m) => (m.type === 'result' && !m.result.ok ? m.result.error.code : m.type))).toEqual([
      'INVALID_INPUT',
      'INVALID_INPUT',
      'INVALID_INPUT',
      'INVALID_INPUT',
    ]);
    expect(sent[2]).toMatchObject({ id: 9 });
  });

  it('keeps subscriptions by id, refuses duplicates, and disposes them all on close', async () => {
    const { conn, sent, active } = setup();
    await conn.handle({ type: 'subscribe', id: 1, name: 'host:samples', input: {} });
    await conn.handle({ type: 'subscribe', id: 2, name: 'host:samples', input: {} });
    await conn.handle({ type: 'subscribe', id: 2, name: 'host:samples', input: {} });
    expect(active()).toBe(2);
    expect(sent.filter((m) => m.type === 'event')).toHaveLength(2);
    expect(sent.find((m) => m.type === 'end')).toMatchObject({ id: 2, error: { code: 'CONFLICT' } });
    await conn.handle({ type: 'unsubscribe', id: 1 });
    expect(active()).toBe(1);
    conn.close();
    expect(active()).toBe(0);
    expect(conn.subscriptionCount).toBe(0);
  });

  it('ends a subscription to an unknown stream with a typed error', async () => {
    const { conn, sent } = setup();
    await conn.handle({ type: 'subscribe', id: 5, name: 'system:info', input: {} });
    expect(sent[0]).toMatchObject({ type: 'end', id: 5, error: { code: 'UNKNOWN_PROCEDURE' } });
  });

  it('answers a message whose type is an object that cannot become a string', async () => {
    const { conn, sent } = setup();
    await expect(conn.handle(JSON.parse('{"id":1,"type":{"toString":1}}'))).resolves.toBeUndefined();
    await conn.handle(JSON.parse('{"id":2,"type":{"__proto__":{"toString":1}}}'));
    await conn.handle(JSON.parse('{"__proto__":{"id":3,"type":"call"}}'));
    expect(sent).toMatchObject([
      {
        type: 'result',
        id: 1,
        result: { ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('a object') } },
      },
      { type: 'result', id: 2, result: { ok: false, error: { code: 'INVALID_INPUT' } } },
      { type: 'result', id: -1, result: { ok: false, error: { code: 'INVALID_INPUT' } } },
    ]);
  });

  it('answers an unsubscribe of an unknown id, and a stream that fails to start, with a typed end', async () => {
    const { conn, sent } = setup();
    await conn.handle({ type: 'unsubscribe', id: 41 });
    await conn.handle({ type: 'subscribe', id: 42, name: 'engine:watch', input: {} });
    expect(sent).toMatchObject([
      { type: 'end', id: 41, error: { code: 'NOT_FOUND' } },
      {
        type: 'end',
        id: 42,
        error: { code: 'INTERNAL', message: expect.stringContaining('the engine watcher failed') },
      },
    ]);
    expect(conn.subscriptionCount).toBe(0);
  });

  it('caps subscriptions and calls in progress with RATE_LIMITED, and frees the slots again', async () => {
    const { conn, sent, release } = setup({ maxSubscriptions: 2, maxPendingCalls: 1 });
    for (const id of [1, 2, 3]) await conn.handle({ type: 'subscribe', id, name: 'host:samples', input: {} });
    expect(sent.filter((m) => m.type === 'end')).toMatchObject([{ id: 3, error: { code: 'RATE_LIMITED' } }]);
    await conn.handle({ type: 'unsubscribe', id: 1 });
    await conn.handle({ type: 'subscribe', id: 4, name: 'host:samples', input: {} });
    expect(conn.subscriptionCount).toBe(2);

    sent.length = 0;
    const first = conn.handle({ type: 'call', id: 10, name: 'host:profile', input: {} });
    await conn.handle({ type: 'call', id: 11, name: 'host:profile', input: {} });
    expect(sent).toMatchObject([{ type: 'result', id: 11, result: { ok: false, error: { code: 'RATE_LIMITED' } } }]);
    release();
    await first;
    expect(sent[1]).toMatchObject({ type: 'result', id: 10, result: { ok: true } });
    const again = conn.handle({ type: 'call', id: 12, name: 'host:profile', input: {} });
    release();
    await again;
    expect(sent[2]).toMatchObject({ type: 'result', id: 12, result: { ok: true } });
  });
});
