import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineSummary } from '../../../src-shared/api';
import { startBrowserApi, type BrowserApi } from '../../../test-support/browser-api';
import { freePort } from '../../../test-support/remote-access';
import { openApiChecker } from '../../../test-support/openapi-check';

describe('/api/v1/engines', () => {
  const dockerConfig = mkdtempSync(join(tmpdir(), 'sutazai-docker-config-'));
  let api: BrowserApi;
  let check: ReturnType<typeof openApiChecker>;
  let closedPort = 0;
  beforeAll(async () => {
    closedPort = await freePort();
    const id = createHash('sha256').update('lab').digest('hex');
    mkdirSync(join(dockerConfig, 'contexts', 'meta', id), { recursive: true });
    writeFileSync(
      join(dockerConfig, 'contexts', 'meta', id, 'meta.json'),
      JSON.stringify({ Name: 'lab', Endpoints: { docker: { Host: `ssh://me@127.0.0.1:${closedPort}` } } }),
    );
    api = await startBrowserApi({ env: { DOCKER_CONFIG: dockerConfig, DOCKER_CONTEXT: 'default' } });
    check = openApiChecker((await api.request('/api/v1/openapi.json')).json());
  });
  afterAll(async () => {
    await api?.stop();
    rmSync(dockerConfig, { recursive: true, force: true });
  });

  const post = (path: string, body: unknown) =>
    api.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('imports the docker contexts and lists them after the local engine, with why one does not answer', async () => {
    const imported = await post('/api/v1/engines/import-contexts', {});
    expect(imported.json()).toEqual({ imported: ['lab'] });
    const list = await api.request('/api/v1/engines');
    expect(list.status).toBe(200);
    expect(check.errors('GET', '/api/v1/engines', 200, 'application/json', list.json())).toEqual([]);
    const engines = list.json<EngineSummary[]>();
    expect(engines.map((e) => [e.name, e.origin, e.current])).toEqual([
      ['local', 'discovered', true],
      ['lab', 'context', false],
    ]);
    expect(engines[1]).toMatchObject({ kind: 'ssh', connected: false, swarm: 'unknown' });
    expect(engines[1]!.error).toMatch(/ECONNREFUSED/);
    expect(engines[1]!.hint).toMatch(/dial-stdio/);
  });

  it('refuses bad input naming the field, plain TCP to another machine, and unknown names', async () => {
    const badName = await post('/api/v1/engines/add', { name: '../x', url: 'ssh://me@host' });
    expect(badName.status).toBe(400);
    expect(badName.text).toMatch(/name: use 1-63 letters/);
    const badUrl = await post('/api/v1/engines/add', { name: 'x', url: 'http://host' });
    expect(badUrl.status).toBe(400);
    expect(badUrl.text).toMatch(/url: use ssh:\/\/user@host/);
    const plain = await post('/api/v1/engines/add', { name: 'x', url: 'tcp://203.0.113.9:2375' });
    expect(plain.status).toBe(400);
    expect(plain.text).toMatch(/without TLS/);
    const missingCa = await post('/api/v1/engines/add', {
      name: 'x',
      url: 'tcp://203.0.113.9:2376',
      tls: { ca: '/nonexistent/ca.pem', cert: '/nonexistent/cert.pem', key: '/nonexistent/key.pem' },
    });
    expect(missingCa.status).toBe(400);
    expect(missingCa.text).toMatch(/cannot read the CA certificate at \/nonexistent\/ca.pem/);
    const unknown = await post('/api/v1/engines/use', { name: 'nope' });
    expect(unknown.status).toBe(404);
    expect(check.errors('POST', '/api/v1/engines/use', 404, 'application/json', unknown.json())).toEqual([]);
    const dup = await post('/api/v1/engines/add', { name: 'lab', url: 'ssh://me@host' });
    expect(dup.status).toBe(409);
  });

  it('forgets an engine', async () => {
    const removed = await post('/api/v1/engines/remove', { name: 'lab' });
    expect(removed.json()).toEqual({ removed: 'lab' });
    expect((await api.request('/api/v1/engines')).json<EngineSummary[]>().map((e) => e.name)).toEqual(['local']);
  });
});
