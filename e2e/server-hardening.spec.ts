import { expect, test } from '@playwright/test';
import { connect } from 'node:net';
import WebSocket from 'ws';
import type { ServerMessage } from '../src-shared/api';
import { rawExchange, upgradeRequest } from '../test-support/raw-http';
import { startAppServer, type AppServer } from './support/app-server';

// Inputs that once ended `sutazai serve` (exit 1), sent to the real process: each must get a typed
// answer, and the process must still be there and answering afterwards.
test.describe('sutazai serve survives what clients send', () => {
  let app: AppServer;
  let port: number;
  const host = (): string => `127.0.0.1:${port}`;

  test.beforeAll(async () => {
    app = await startAppServer({ args: ['--project', `sutazai-e2e-hardening-${process.pid}`] });
    port = Number(new URL(app.url).port);
  });
  test.afterAll(async () => app?.stop());

  async function stillServing(): Promise<void> {
    expect(app.alive()).toBe(true);
    const health = await fetch(`${app.origin}/health`);
    expect(health.status).toBe(200);
  }

  for (const badHost of ['127.0.0.1:99999', 'a b', '[::1', '%00']) {
    test(`an upgrade with Host '${badHost}' gets 421 and the server lives`, async () => {
      const answer = await rawExchange(port, upgradeRequest(badHost, [`Authorization: Bearer ${app.token}`]));
      expect(answer).toMatchObject({ status: 421, body: { error: { code: 'FORBIDDEN' } }, closed: true });
      await stillServing();
    });
  }

  test('an upgrade with a malformed cookie is judged by its token alone', async () => {
    const noToken = await rawExchange(port, upgradeRequest(host(), ['Cookie: other=%E0%A4%A']));
    expect(noToken).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHORIZED' } } });
    const withToken = await rawExchange(
      port,
      upgradeRequest(host(), [`Cookie: other=%E0%A4%A; sutazai_token=${app.token}`]),
      { untilAnswer: true },
    );
    expect(withToken.status).toBe(101);
    await stillServing();
  });

  test('a page reload with a malformed cookie beside the token cookie still gets the page', async () => {
    const page = await fetch(`${app.origin}/overview`, {
      headers: { Cookie: `other=%E0%A4%A; sutazai_token=${app.token}; x=%` },
    });
    expect(page.status).toBe(200);
    await stillServing();
  });

  test('a message whose type is an object is answered with INVALID_INPUT, and the socket goes on', async () => {
    const ws = new WebSocket(`ws://${host()}/ws?token=${app.token}`);
    const messages: ServerMessage[] = [];
    ws.on('message', (d) => messages.push(JSON.parse(d.toString()) as ServerMessage));
    await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
    ws.send('{"id":1,"type":{"toString":1}}');
    ws.send('{"id":2,"type":"call","name":{"toString":1}}');
    ws.send('{"id":3,"type":"call","name":"system:info","input":{}}');
    await expect.poll(() => messages.length).toBe(3);
    expect(messages).toMatchObject([
      { type: 'result', id: 1, result: { ok: false, error: { code: 'INVALID_INPUT' } } },
      { type: 'result', id: 2, result: { ok: false, error: { code: 'INVALID_INPUT' } } },
      { type: 'result', id: 3, result: { ok: true, value: { mode: 'browser' } } },
    ]);
    ws.close();
    await stillServing();
  });

  test('a target that is not a path, and two Host headers, get 400', async () => {
    for (const target of ['//a:99999/ws', 'http://evil.example/ws', '*']) {
      const answer = await rawExchange(port, upgradeRequest(host(), [`Authorization: Bearer ${app.token}`], target));
      expect([400, 404]).toContain(answer.status);
      expect(answer.body).toMatchObject({ error: { code: expect.stringMatching(/INVALID_INPUT|NOT_FOUND/) } });
    }
    const twice = await rawExchange(
      port,
      upgradeRequest(host(), [`Host: evil.example`, `Authorization: Bearer ${app.token}`]),
    );
    expect(twice).toMatchObject({ status: 400, body: { error: { code: 'INVALID_INPUT' } } });
    await stillServing();
  });

  test('a client that resets the connection in the middle of an upgrade does not take the server down', async () => {
    for (let i = 0; i < 20; i++) {
      await new Promise<void>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write(
            upgradeRequest(host(), [
              i % 2 ? 'Authorization: Bearer wrong-token-0000000000' : `Authorization: Bearer ${app.token}`,
            ]),
          );
          setImmediate(() => {
            socket.resetAndDestroy();
            resolve();
          });
        });
        socket.on('error', () => resolve());
      });
    }
    await new Promise((r) => setTimeout(r, 300));
    await stillServing();
    expect(app.output()).not.toMatch(/Error|ECONNRESET/);
  });
});
