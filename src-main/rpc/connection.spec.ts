import { describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../src-shared/api';
import { RpcConnection } from './connection';
import type { AllHandlers } from './handlers';
import { Router } from './router';

function setup() {
  let active = 0;
  const handlers = {
    'system:info': () => ({ name: 'n', version: 'v', mode: 'cli', home: '/', node: '20', platform: 'linux', startedAt: 0 }),
    'host:samples': (_i: unknown, emit: (e: unknown) => void) => {
      active++;
      emit({ n: 1 });
      return () => active--;
    },
  } as unknown as AllHandlers;
  const sent: ServerMessage[] = [];
  const conn = new RpcConnection(new Router(handlers), (m) => sent.push(m), { transport: 'direct', peer: 't' });
  return { conn, sent, active: () => active };
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
});
