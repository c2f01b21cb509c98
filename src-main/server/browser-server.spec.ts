import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ServerMessage } from '../../src-shared/api';
import { serve, type RunningServer } from './serve';

let running: RunningServer;
let base: string;
let home: string;
let web: string;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'sutazai-home-'));
  web = mkdtempSync(join(tmpdir(), 'sutazai-web-'));
  writeFileSync(join(web, 'index.html'), '<html>app</html>');
  running = await serve({
    port: 0,
    stackPort: 0,
    env: { ...process.env, SUTAZAI_HOME: home, SUTAZAI_TOKEN: undefined },
    staticDir: web,
  });
  base = `http://127.0.0.1:${running.server.port}`;
});

afterAll(async () => {
  await running?.stop();
  rmSync(home, { recursive: true, force: true });
  rmSync(web, { recursive: true, force: true });
});

function get(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

function openSocket(query: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${running.server.port}/ws${query}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function nextMessage(ws: WebSocket, match: (m: ServerMessage) => boolean, timeoutMs = 5000): Promise<ServerMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no matching message')), timeoutMs);
    const on = (data: WebSocket.RawData) => {
      const m = JSON.parse(data.toString()) as ServerMessage;
      if (match(m)) {
        clearTimeout(timer);
        ws.off('message', on);
        resolve(m);
      }
    };
    ws.on('message', on);
  });
}

describe('browser-mode server', () => {
  it('binds 127.0.0.1 and prints a URL with a fresh token', () => {
    expect(running.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
    expect(running.server.server.address()).toMatchObject({ address: '127.0.0.1' });
  });

  it('answers /health without a token', async () => {
    const r = await get('/health');
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ status: 'ok' });
  });

  it('answers /api/v1/status with the token and 401 without it', async () => {
    expect((await get('/api/v1/status')).status).toBe(401);
    expect((await get('/api/v1/status', { Authorization: 'Bearer wrong-token-xxxxxxxxxxxxxxx' })).status).toBe(401);
    const r = await get('/api/v1/status', { Authorization: `Bearer ${running.token}` });
    expect(r.status).toBe(200);
    const body = JSON.parse(r.body);
    expect(typeof body.engine.connected).toBe('boolean');
    expect(body.host.memTotalBytes).toBeGreaterThan(0);
    expect(body.host.memUsedBytes).toBeGreaterThan(0);
    expect(body.host.cpuPercent).toBeGreaterThanOrEqual(0);
  });

  it('serves the renderer only with the token, and sets a session cookie from ?token=', async () => {
    expect((await get('/')).status).toBe(401);
    const r = await get(`/?token=${running.token}`);
    expect(r.status).toBe(200);
    expect(r.body).toContain('app');
    expect(String(r.headers['set-cookie'])).toMatch(/sutazai_token=.*HttpOnly; SameSite=Strict/);
    expect(String(r.headers['content-security-policy'])).toContain("default-src 'self'");
    expect((await get('/overview', { Cookie: `sutazai_token=${running.token}` })).status).toBe(200);
    const cookie = { Cookie: `sutazai_token=${running.token}` };
    expect((await get('/..%2f..%2f..%2fetc%2fpasswd', cookie)).status).toBe(404);
    expect((await get('/../../etc/passwd', cookie)).body).not.toContain('root:');
  });

  it('rejects foreign Host and Origin headers', async () => {
    expect((await get('/health', { Host: 'rebind.example:80' })).status).toBe(421);
    const auth = { Authorization: `Bearer ${running.token}` };
    expect((await get('/api/v1/status', { ...auth, Origin: 'http://evil.example' })).status).toBe(403);
    await expect(openSocket(`?token=${running.token}`, { Origin: 'http://evil.example' })).rejects.toThrow(/403/);
    await expect(openSocket('')).rejects.toThrow(/401/);
  });

  it('carries calls and streams over the WebSocket and survives bad payloads', async () => {
    const ws = await openSocket(`?token=${running.token}`, { Origin: `http://127.0.0.1:${running.server.port}` });
    ws.send('{not json');
    expect(await nextMessage(ws, (m) => m.type === 'result')).toMatchObject({
      result: { ok: false, error: { code: 'INVALID_INPUT' } },
    });
    ws.send(JSON.stringify({ type: 'call', id: 1, name: 'host:history', input: { seconds: -3 } }));
    expect(await nextMessage(ws, (m) => m.type === 'result' && m.id === 1)).toMatchObject({
      result: { ok: false, error: { code: 'INVALID_INPUT' } },
    });
    ws.send(JSON.stringify({ type: 'call', id: 2, name: 'system:info', input: {} }));
    expect(await nextMessage(ws, (m) => m.type === 'result' && m.id === 2)).toMatchObject({
      result: { ok: true, value: { mode: 'browser', home } },
    });
    ws.send(JSON.stringify({ type: 'subscribe', id: 3, name: 'host:samples', input: {} }));
    const event = await nextMessage(ws, (m) => m.type === 'event' && m.id === 3, 4000);
    expect(event).toMatchObject({ data: { memTotalBytes: expect.any(Number) } });
    expect(running.server.ws.connectionCount).toBe(1);
    ws.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(running.server.ws.connectionCount).toBe(0);
    expect((await get('/health')).status).toBe(200);
  });
});
