import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverEngine, EngineClient, defaultBridgeGateway } from '../../engine';
import { startBrowserApi, type BrowserApi } from '../../../test-support/browser-api';
import { openApiChecker } from '../../../test-support/openapi-check';
import { httpRequest, rawExchange, upgradeRequest } from '../../../test-support/raw-http';

const PATH = '/api/v1/alerts/alertmanager';

/** A notification as Alertmanager 0.25+ sends it (webhook payload version 4), with every field. */
function notification(
  fingerprint: string,
  status: 'firing' | 'resolved' = 'firing',
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const labels = {
    alertname: 'PostgresRefusingConnections',
    severity: 'critical',
    service: 'postgres',
    instance: 'postgres-exporter:9187',
    job: 'postgres',
  };
  return {
    receiver: 'control-center',
    status,
    alerts: [
      {
        status,
        labels,
        annotations: {
          summary: 'PostgreSQL refuses connections',
          description: 'Open the Stack page and look at postgres.',
        },
        startsAt: '2026-01-05T10:00:00.000Z',
        endsAt: status === 'resolved' ? '2026-01-05T10:09:00.000Z' : '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus:9090/graph?g0.expr=pg_up+%3D%3D+0',
        fingerprint,
      },
    ],
    groupLabels: { alertname: 'PostgresRefusingConnections' },
    commonLabels: labels,
    commonAnnotations: { summary: 'PostgreSQL refuses connections' },
    externalURL: 'http://alertmanager:9093',
    version: '4',
    groupKey: '{}:{alertname="PostgresRefusingConnections"}',
    truncatedAlerts: 0,
    ...extra,
  };
}

describe('POST /api/v1/alerts/alertmanager on the browser-mode server', () => {
  let api: BrowserApi;
  let check: ReturnType<typeof openApiChecker>;
  let stackToken: string;
  const alertEvents = () => api.running.core.events.list({ kinds: ['alert-firing', 'alert-resolved'] });
  const post = (body: string, token: string) =>
    api.request(PATH, { method: 'POST', body, auth: false, headers: { Authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    api = await startBrowserApi();
    check = openApiChecker((await api.request('/api/v1/openapi.json')).json());
    // The stack's API token is generated with the other secrets on the templates' first use, as `sutazai up` does.
    api.running.core.stack.load('monitoring');
    stackToken = api.running.core.stack.apiToken()!;
  });
  afterAll(() => api?.stop());

  it('records a firing alert with the browser token, drops its repeat sent with the stack token, and records the resolution', async () => {
    expect(stackToken).toMatch(/^[\w-]{32}$/);
    expect(stackToken).toBe(api.running.core.stack.secrets.read().SUTAZAI_API_TOKEN);
    const first = await post(JSON.stringify(notification('f1')), api.running.token);
    expect([first.status, first.json()]).toEqual([200, { recorded: 1, repeated: 0 }]);
    expect(check.errors('POST', PATH, 200, 'application/json', first.json())).toEqual([]);
    const repeat = await post(JSON.stringify(notification('f1')), stackToken);
    expect([repeat.status, repeat.json()]).toEqual([200, { recorded: 0, repeated: 1 }]);
    const resolved = await post(JSON.stringify(notification('f1', 'resolved')), stackToken);
    expect([resolved.status, resolved.json()]).toEqual([200, { recorded: 1, repeated: 0 }]);
    // What the Events page and `GET /api/v1/events` show.
    const listed = await api.request('/api/v1/events?kind=alert-firing&kind=alert-resolved');
    expect(
      listed
        .json<{ kind: string; service: string; severity: string; message: string }[]>()
        .map((e) => [e.kind, e.service, e.severity, e.message]),
    ).toEqual([
      ['alert-resolved', 'postgres', 'info', 'resolved: PostgreSQL refuses connections'],
      ['alert-firing', 'postgres', 'critical', 'PostgreSQL refuses connections'],
    ]);
  });

  it('takes fields a later Alertmanager adds', async () => {
    const r = await post(
      JSON.stringify(notification('f2', 'firing', { origin: 'a field from the future' })),
      stackToken,
    );
    expect([r.status, r.json()]).toEqual([200, { recorded: 1, repeated: 0 }]);
  });

  it('refuses bodies that are not notifications with 400 naming the field, 413 for a large one, and records nothing', async () => {
    const before = alertEvents().length;
    const alertWith = (change: Record<string, unknown>) => {
      const n = notification('bad');
      return JSON.stringify({ ...n, alerts: [{ ...(n.alerts as object[])[0], ...change }] });
    };
    const cases: [string, number, string][] = [
      ['', 400, 'body: empty; send a JSON object'],
      ['{"version": ', 400, 'body: not JSON'],
      ['[]', 400, 'body: Invalid input: expected object, received array'],
      [
        JSON.stringify({ version: '4', status: 'firing' }),
        400,
        'body.alerts: Invalid input: expected array, received undefined',
      ],
      [
        JSON.stringify(notification('x', 'firing', { status: 'maybe' })),
        400,
        'body.status: Invalid option: expected one of "firing"|"resolved"',
      ],
      [
        alertWith({ fingerprint: '' }),
        400,
        'body.alerts.0.fingerprint: Too small: expected string to have >=1 characters',
      ],
      [
        alertWith({ labels: { alertname: 7 } }),
        400,
        'body.alerts.0.labels.alertname: Invalid input: expected string, received number',
      ],
      [
        JSON.stringify(notification('x', 'firing', { alerts: Array.from({ length: 1001 }, () => ({})) })),
        400,
        'body.alerts: Too big: expected array to have <=1000 items',
      ],
      [
        JSON.stringify(notification('x', 'firing', { receiver: 'r'.repeat(2 * 1024 * 1024) })),
        413,
        'bytes; at most 1048576 bytes are accepted',
      ],
    ];
    for (const [body, status, message] of cases) {
      const r = await post(body, stackToken);
      expect([r.status, r.json<{ error: { message: string } }>().error.message], body.slice(0, 80)).toEqual([
        status,
        expect.stringContaining(message),
      ]);
      expect(r.json<{ error: { code: string } }>().error.code).toBe(status === 413 ? 'TOO_LARGE' : 'INVALID_INPUT');
      expect(check.errors('POST', PATH, status, 'application/json', r.json())).toEqual([]);
    }
    expect(alertEvents()).toHaveLength(before);
  });

  it('answers 401 to a wrong token and to none, naming both tokens, and records nothing', async () => {
    const before = alertEvents().length;
    for (const headers of [{ Authorization: 'Bearer not-the-token-at-all-0123' }, {}] as Record<string, string>[]) {
      const r = await api.request(PATH, {
        method: 'POST',
        body: JSON.stringify(notification('w1')),
        auth: false,
        headers,
      });
      expect(r.status).toBe(401);
      expect(r.json()).toEqual({
        error: {
          code: 'UNAUTHORIZED',
          message: 'A valid token is required',
          hint: 'Send Authorization: Bearer <token>, with the token `sutazai serve` printed or the stack’s API token (SUTAZAI_API_TOKEN in SUTAZAI_HOME/stack.env).',
        },
      });
      expect(check.errors('POST', PATH, 401, 'application/json', r.json())).toEqual([]);
    }
    expect(alertEvents()).toHaveLength(before);
  });

  it('takes the stack token as a bearer header on the stack endpoints only: not as ?token=, not elsewhere', async () => {
    const metrics = await api.request('/metrics', { auth: false, headers: { Authorization: `Bearer ${stackToken}` } });
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/^sutazai_host_memory_total_bytes /m);
    const asQuery = await api.request(`/metrics?token=${stackToken}`, { auth: false });
    expect(asQuery.status).toBe(401);
    expect(asQuery.headers.get('set-cookie')).toBeNull();
    for (const path of ['/api/v1/status', '/api/v1/events', '/api/v1/openapi.json', '/']) {
      const r = await api.request(path, { auth: false, headers: { Authorization: `Bearer ${stackToken}` } });
      expect(r.status, path).toBe(401);
    }
    const status = await api.request('/api/v1/status', {
      auth: false,
      headers: { Authorization: `Bearer ${stackToken}` },
    });
    expect(status.json()).toMatchObject({
      error: {
        code: 'UNAUTHORIZED',
        hint: 'Send Authorization: Bearer <token>, with the token `sutazai serve` printed.',
      },
    });
    const socket = await rawExchange(
      api.running.server.port,
      upgradeRequest(`127.0.0.1:${api.running.server.port}`, [`Authorization: Bearer ${stackToken}`]),
      { untilAnswer: true },
    );
    expect(socket.status).toBe(401);
  });

  it('answers the webhook POST only', async () => {
    const r = await api.request(PATH);
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('POST');
    expect(r.json()).toEqual({ error: { code: 'METHOD_NOT_ALLOWED', message: `${PATH} answers POST only` } });
  });
});

/** A port the OS says is free on this address now. */
async function freePort(host: string): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(0, host, resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const engine = new EngineClient(discoverEngine());
const gateway = await defaultBridgeGateway(engine);
if (!gateway.ok) console.warn(`\n  ⚠ stack endpoint tests skipped: ${gateway.reason}\n`);

describe.skipIf(!gateway.ok)('the stack endpoint of sutazai serve, on the engine’s bridge address', () => {
  const address = gateway.ok ? gateway.address : '';
  let api: BrowserApi;
  let port: number;
  let stackToken: string;
  const ask = (
    method: string,
    target: string,
    headers: Record<string, string> = {},
    body = '',
    host = `host.docker.internal:${port}`,
  ) => rawExchange(port, httpRequest(method, target, host, headers, body), { host: address, untilAnswer: true });
  const asStack = { Authorization: '' };

  beforeAll(async () => {
    port = await freePort(address);
    api = await startBrowserApi({ stackPort: port });
    api.running.core.stack.load('monitoring');
    stackToken = api.running.core.stack.apiToken()!;
    asStack.Authorization = `Bearer ${stackToken}`;
  });
  afterAll(() => api?.stop());

  it('listens on the bridge address and answers the webhook and /metrics to the stack token', async () => {
    expect(api.running.stackEndpoint).toMatchObject({ state: 'listening', url: `http://${address}:${port}` });
    const hook = await ask('POST', PATH, asStack, JSON.stringify(notification('s1')));
    expect([hook.status, hook.body]).toEqual([200, { recorded: 1, repeated: 0 }]);
    expect(api.running.core.events.list({ kinds: ['alert-firing'] }).map((e) => e.data?.fingerprint)).toEqual(['s1']);
    const metrics = await ask('GET', '/metrics', asStack, '', `${address}:${port}`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(metrics.text).toMatch(/^sutazai_app_resident_memory_bytes \d+/m);
    const invalid = await ask('POST', PATH, asStack, JSON.stringify({ version: '4' }));
    expect(invalid.status).toBe(400);
    expect(invalid.body).toEqual({
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('body.status: Invalid option') },
    });
  });

  it('refuses the browser token, in any form, and sets no cookie', async () => {
    const token = api.running.token;
    for (const [target, headers] of [
      [PATH, { Authorization: `Bearer ${token}` }],
      [`${PATH}?token=${token}`, {}],
      [PATH, { Cookie: `sutazai_token=${token}` }],
      ['/metrics', { Authorization: `Bearer ${token}` }],
    ] as const) {
      const r = await ask(
        target === '/metrics' ? 'GET' : 'POST',
        target,
        headers,
        target === '/metrics' ? '' : JSON.stringify(notification('b1')),
      );
      expect(r.status, `${target} ${JSON.stringify(headers)}`).toBe(401);
      expect(r.body).toEqual({
        error: {
          code: 'UNAUTHORIZED',
          message: 'A valid token is required',
          hint: 'Send Authorization: Bearer <token>, with the stack’s API token (SUTAZAI_API_TOKEN in SUTAZAI_HOME/stack.env).',
        },
      });
      expect(r.headers['set-cookie']).toBeUndefined();
    }
    expect(api.running.core.events.list({ kinds: ['alert-firing'] }).map((e) => e.data?.fingerprint)).not.toContain(
      'b1',
    );
  });

  it('serves nothing else: no other endpoint, no /health, no UI, no WebSocket', async () => {
    for (const target of ['/api/v1/status', '/api/v1/events', '/api/v1/openapi.json', '/health', '/', '/index.html']) {
      const r = await ask('GET', target, asStack);
      expect([r.status, r.body], target).toEqual([
        404,
        {
          error: {
            code: 'NOT_FOUND',
            message: `${target} is not served on the stack endpoint`,
            hint: 'It answers GET /metrics and POST /api/v1/alerts/alertmanager only; the rest of the API is at the address `sutazai serve` printed.',
          },
        },
      ]);
    }
    const chat = await ask(
      'POST',
      '/api/v1/chat',
      asStack,
      JSON.stringify({ model: 'tinyllama', messages: [{ role: 'user', content: 'hi' }] }),
    );
    expect(chat.status).toBe(404);
    const socket = await rawExchange(
      port,
      upgradeRequest(`host.docker.internal:${port}`, [`Authorization: ${asStack.Authorization}`]),
      { host: address, untilAnswer: true },
    );
    expect([socket.status, socket.body]).toEqual([
      404,
      { error: { code: 'NOT_FOUND', message: 'The stack endpoint has no WebSocket' } },
    ]);
  });

  it('answers only to its own names: host.docker.internal and the bridge address', async () => {
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `host.docker.internal:${port + 1}`,
      'rebind.example',
    ]) {
      const r = await ask('GET', '/metrics', asStack, '', host);
      expect([r.status, r.body], host).toEqual([
        421,
        { error: { code: 'FORBIDDEN', message: `Host '${host}' is not this server` } },
      ]);
    }
    const origin = await ask('GET', '/metrics', { ...asStack, Origin: 'http://evil.example' });
    expect(origin.status).toBe(403);
  });
});
