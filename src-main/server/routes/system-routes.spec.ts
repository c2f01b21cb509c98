import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserApi, type BrowserApi } from '../../../test-support/browser-api';
import { openApiChecker } from '../../../test-support/openapi-check';

describe('/health and /api/v1/status: answers and typed errors', () => {
  let api: BrowserApi;
  let check: ReturnType<typeof openApiChecker>;
  beforeAll(async () => {
    api = await startBrowserApi();
    check = openApiChecker((await api.request('/api/v1/openapi.json')).json());
  });
  afterAll(() => api?.stop());

  it('answers /health without the token, as documented', async () => {
    const r = await api.request('/health', { auth: false });
    expect(r.status).toBe(200);
    expect(r.json()).toEqual({ status: 'ok' });
    expect(check.errors('GET', '/health', 200, 'application/json', r.json())).toEqual([]);
  });

  it('answers the status with the token, as documented', async () => {
    const r = await api.request('/api/v1/status');
    expect(r.status).toBe(200);
    expect(r.json()).toMatchObject({ app: { mode: 'browser' }, host: { memTotalBytes: expect.any(Number) } });
    expect(check.errors('GET', '/api/v1/status', 200, 'application/json', r.json())).toEqual([]);
  });

  it('refuses without the token: 401 with the error body and how to authenticate', async () => {
    const r = await api.request('/api/v1/status', { auth: false });
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toBe('Bearer realm="sutazai"');
    expect(r.json()).toEqual({
      error: {
        code: 'UNAUTHORIZED',
        message: 'A valid token is required',
        hint: expect.stringContaining('Authorization: Bearer'),
      },
    });
    expect(check.errors('GET', '/api/v1/status', 401, 'application/json', r.json())).toEqual([]);
  });

  it('names what is wrong: an unknown endpoint (404), the wrong method (405), an unknown parameter (400)', async () => {
    const unknown = await api.request('/api/v1/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toMatchObject({
      error: { code: 'NOT_FOUND', message: '/api/v1/nothing-here is not an endpoint' },
    });
    const method = await api.request('/api/v1/status', { method: 'DELETE' });
    expect(method.status).toBe(405);
    expect(method.headers.get('allow')).toBe('GET, HEAD');
    expect(method.json()).toMatchObject({
      error: { code: 'METHOD_NOT_ALLOWED', message: '/api/v1/status answers GET only' },
    });
    const param = await api.request('/api/v1/status?verbose=1');
    expect(param.status).toBe(400);
    expect(param.json()).toEqual({
      error: { code: 'INVALID_INPUT', message: 'query: /api/v1/status takes no query parameters' },
    });
    expect(check.errors('GET', '/api/v1/status', 400, 'application/json', param.json())).toEqual([]);
  });
});

describe('/api/v1/status and /api/v1/agents with no engine', () => {
  let api: BrowserApi;
  beforeAll(async () => {
    api = await startBrowserApi({ env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' } });
  });
  afterAll(() => api?.stop());

  it('the status says the engine is not connected, why, and how to fix it', async () => {
    const r = await api.request('/api/v1/status');
    expect(r.status).toBe(200);
    expect(r.json()).toMatchObject({
      engine: {
        connected: false,
        endpoint: 'unix:///nonexistent/docker.sock',
        error: expect.any(String),
        hint: expect.any(String),
      },
    });
  });

  it('the agents list answers 503 ENGINE_UNAVAILABLE with the fix', async () => {
    const r = await api.request('/api/v1/agents');
    expect(r.status).toBe(503);
    expect(r.json()).toEqual({
      error: {
        code: 'ENGINE_UNAVAILABLE',
        message: expect.stringContaining('The Docker engine did not answer'),
        hint: 'Start the Docker engine, then try again.',
      },
    });
  });
});
