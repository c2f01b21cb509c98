import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ServerMessage } from '../../src-shared/api';
import { rawExchange, upgradeRequest } from '../../test-support/raw-http';
import { serve, type RunningServer } from './serve';

// The limits on real sockets, with a server whose limits are short enough to reach in a test.
let running: RunningServer;
let port: number;
let home: string;
const host = (): string => `127.0.0.1:${port}`;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'sutazai-limits-'));
  running = await serve({
    port: 0,
    stackPort: 0,
    project: `sutazai-limits-${process.pid}`,
    env: { ...process.env, SUTAZAI_HOME: home, SUTAZAI_TOKEN: undefined },
    staticDir: home,
    limits: {
      authFailures: 3,
      maxSockets: 2,
      maxConnections: 12,
      maxSubscriptions: 2,
      heartbeatMs: 250,
      headersTimeoutMs: 600,
      bodyTimeoutMs: 700,
      requestTimeoutMs: 5000,
      timeoutCheckMs: 100,
    },
  });
  port = running.server.port;
});

afterAll(async () => {
  await running?.stop();
  rmSync(home, { recursive: true, force: true });
});

function get(
  path: string,
  headers: Record<string, string>,
  localAddress?: string,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, headers, ...(localAddress ? { localAddress } : {}), agent: false },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function openSocket(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${host()}/ws?token=${running.token}`);
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function nextMessage(ws: WebSocket, match: (m: ServerMessage) => boolean): Promise<ServerMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no matching message')), 5000);
    const on = (data: WebSocket.RawData): void => {
      const m = JSON.parse(data.toString()) as ServerMessage;
      if (!match(m)) return;
      clearTimeout(timer);
      ws.off('message', on);
      resolve(m);
    };
    ws.on('message', on);
  });
}

const closed = (ws: WebSocket): Promise<void> =>
  new Promise((r) => (ws.readyState === ws.CLOSED ? r() : ws.once('close', () => r())));

describe('browser-mode server limits', () => {
  it('answers 429 with Retry-After to a client after too many wrong tokens, and only to that client', async () => {
    const wrong = { Authorization: 'Bearer wrong-token-wrong-token-0000' };
    const from = '127.0.0.3';
    for (let i = 0; i < 3; i++) expect((await get('/api/v1/status', wrong, from)).status).toBe(401);
    const limited = await get('/api/v1/status', wrong, from);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.parse(limited.body)).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    // The right token gets the same answer, so a guess cannot be told apart while limited.
    expect((await get('/api/v1/status', { Authorization: `Bearer ${running.token}` }, from)).status).toBe(429);
    const upgrade = await rawExchange(port, upgradeRequest(host(), [`Authorization: Bearer ${running.token}`]), {
      localAddress: from,
    });
    expect(upgrade).toMatchObject({ status: 429, body: { error: { code: 'RATE_LIMITED' } }, closed: true });
    expect((await get('/health', {}, from)).status).toBe(200);
    // Another client address, and requests without any token, are not limited.
    expect((await get('/api/v1/status', { Authorization: `Bearer ${running.token}` }, '127.0.0.4')).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await get('/api/v1/status', {}, '127.0.0.5')).status).toBe(401);
  });

  it('caps open API sockets with a typed 503, and takes a new one when one closes', async () => {
    const a = await openSocket();
    const b = await openSocket();
    const refused = await rawExchange(port, upgradeRequest(host(), [`Authorization: Bearer ${running.token}`]));
    expect(refused).toMatchObject({ status: 503, body: { error: { code: 'UNAVAILABLE' } }, closed: true });
    expect(refused.headers['retry-after']).toBe('5');
    a.close();
    await closed(a);
    await expect.poll(() => running.server.ws.connectionCount).toBe(1);
    const c = await openSocket();
    expect(running.server.ws.connectionCount).toBe(2);
    b.close();
    c.close();
    await Promise.all([closed(b), closed(c)]);
  });

  it('caps subscriptions per socket with a typed end', async () => {
    const ws = await openSocket();
    for (const id of [1, 2]) ws.send(JSON.stringify({ type: 'subscribe', id, name: 'host:samples', input: {} }));
    ws.send(JSON.stringify({ type: 'subscribe', id: 3, name: 'host:samples', input: {} }));
    expect(await nextMessage(ws, (m) => m.type === 'end' && m.id === 3)).toMatchObject({
      error: { code: 'RATE_LIMITED' },
    });
    ws.close();
    await closed(ws);
  });

  it('closes TCP connections over the cap at once, and times out the idle ones holding it', async () => {
    const holders = Array.from({ length: 12 }, () => rawExchange(port, '', { waitMs: 3000 }));
    await new Promise((r) => setTimeout(r, 200));
    const extra = await rawExchange(port, `GET /health HTTP/1.1\r\nHost: ${host()}\r\n\r\n`, { waitMs: 1000 });
    expect(extra).toMatchObject({ status: 0, closed: true });
    const held = await Promise.all(holders);
    expect(held.every((h) => h.closed && h.ms < 2000)).toBe(true);
    expect((await get('/health', {})).status).toBe(200);
  });

  it('drops a socket that stops answering pings, and keeps one that answers', async () => {
    const live = await openSocket();
    const dead = rawExchange(port, upgradeRequest(host(), [`Authorization: Bearer ${running.token}`]), {
      waitMs: 4000,
    });
    const answer = await dead;
    expect(answer.status).toBe(101);
    expect(answer.closed).toBe(true);
    expect(answer.ms).toBeLessThan(2000);
    expect(live.readyState).toBe(WebSocket.OPEN);
    live.close();
    await closed(live);
  });

  it('answers 408 when an authenticated body never finishes, and when headers never finish', async () => {
    const body = await rawExchange(
      port,
      `POST /api/v1/chat HTTP/1.1\r\nHost: ${host()}\r\nAuthorization: Bearer ${running.token}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"model":`,
      { waitMs: 4000 },
    );
    expect(body).toMatchObject({ status: 408, body: { error: { code: 'TIMEOUT' } }, closed: true });
    expect(body.ms).toBeGreaterThanOrEqual(600);
    expect(body.ms).toBeLessThan(2500);
    const headers = await rawExchange(port, `GET /api/v1/status HTTP/1.1\r\nHost: ${host()}\r\n`, { waitMs: 4000 });
    expect(headers).toMatchObject({ status: 408, closed: true });
    expect(headers.ms).toBeLessThan(2500);
  });

  it('refuses a request or an upgrade with two Host headers', async () => {
    const twice = `GET /api/v1/status HTTP/1.1\r\nHost: ${host()}\r\nHost: attacker.example\r\nAuthorization: Bearer ${running.token}\r\n\r\n`;
    expect(await rawExchange(port, twice, { waitMs: 1000 })).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_INPUT', message: expect.stringContaining('2 Host headers') } },
    });
    const upgrade = await rawExchange(
      port,
      upgradeRequest(host(), [`Host: ${host()}`, `Authorization: Bearer ${running.token}`]),
    );
    expect(upgrade).toMatchObject({ status: 400, body: { error: { code: 'INVALID_INPUT' } }, closed: true });
  });
});
