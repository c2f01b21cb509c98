import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserApi, type BrowserApi } from '../../test-support/browser-api';
import { httpRequest, rawExchange } from '../../test-support/raw-http';
import { apiRoutes } from './routes';
import { startStackServer, type StackServer } from './stack-server';

// The stack listener's own rules on loopback (the bridge address is exercised in
// routes/alerts-routes.spec.ts and stack/monitoring-profile.spec.ts): the token as it changes,
// the failed-token limit and the body deadline of the browser server.
describe('the stack listener', () => {
  let api: BrowserApi;
  let stack: StackServer;
  let token: string | undefined;
  const TOKEN = 'stack-token-of-the-test-0123456789';
  const get = (headers: Record<string, string>, localAddress?: string) =>
    rawExchange(stack.port, httpRequest('GET', '/metrics', `host.docker.internal:${stack.port}`, headers), {
      untilAnswer: true,
      ...(localAddress ? { localAddress } : {}),
    });

  beforeAll(async () => {
    api = await startBrowserApi();
    stack = await startStackServer({
      routes: apiRoutes(api.running.core),
      stackToken: () => token,
      host: '127.0.0.1',
      port: 0,
      limits: { authFailures: 3, bodyTimeoutMs: 1000 },
    });
  });
  afterAll(async () => {
    await stack?.close();
    await api?.stop();
  });

  it('accepts no token while the stack has none, nor one shorter than 16 characters', async () => {
    token = undefined;
    expect((await get({ Authorization: 'Bearer anything-at-all-long-enough' }, '127.0.0.2')).status).toBe(401);
    token = 'short-token';
    expect((await get({ Authorization: 'Bearer short-token' }, '127.0.0.2')).status).toBe(401);
  });

  it('reads the token on every request: a new one is in force at once, the old one is refused', async () => {
    token = TOKEN;
    expect((await get({ Authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    token = `${TOKEN}-new`;
    expect((await get({ Authorization: `Bearer ${TOKEN}` }, '127.0.0.3')).status).toBe(401);
    expect((await get({ Authorization: `Bearer ${TOKEN}-new` })).status).toBe(200);
  });

  it('limits wrong tokens per client address as the browser server does: then 429 even for the right one', async () => {
    token = TOKEN;
    const client = '127.0.0.4';
    expect((await get({}, client)).status).toBe(401); // no token: not counted
    for (let i = 0; i < 3; i++)
      expect((await get({ Authorization: `Bearer wrong-token-number-${i}-abcdef` }, client)).status).toBe(401);
    const limited = await get({ Authorization: `Bearer ${TOKEN}` }, client);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({
      error: { code: 'RATE_LIMITED', message: expect.stringContaining(`Too many wrong tokens from ${client}`) },
    });
    expect((await get({ Authorization: `Bearer ${TOKEN}` }, '127.0.0.5')).status).toBe(200);
  });

  it('answers 408 to a notification whose body does not arrive in time', async () => {
    token = TOKEN;
    const head =
      `POST /api/v1/alerts/alertmanager HTTP/1.1\r\nHost: host.docker.internal:${stack.port}\r\nAuthorization: Bearer ${TOKEN}\r\n` +
      'Content-Type: application/json\r\nContent-Length: 500\r\n\r\n{"version": "4", ';
    const r = await rawExchange(stack.port, head, { waitMs: 3000 });
    expect(r.status).toBe(408);
    expect(r.body).toEqual({ error: { code: 'TIMEOUT', message: 'The request body did not arrive within 1 s' } });
    expect(r.closed).toBe(true);
  });
});
