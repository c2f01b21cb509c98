import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve, type RunningServer } from '../serve';
import { parsePrometheusText } from '../../../test-support/prometheus-text';

describe('GET /metrics on the browser-mode server', () => {
  let running: RunningServer;
  let base: string;
  let home: string;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'sutazai-metrics-home-'));
    running = await serve({
      port: 0,
      stackPort: 0,
      env: { ...process.env, SUTAZAI_HOME: home, SUTAZAI_TOKEN: undefined },
      staticDir: home,
    });
    base = `http://127.0.0.1:${running.server.port}`;
  });

  afterAll(async () => {
    await running?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('refuses a request without the token, and parameters it does not take, with the error body', async () => {
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    const param = await fetch(`${base}/metrics?format=json`, { headers: { Authorization: `Bearer ${running.token}` } });
    expect(param.status).toBe(400);
    expect(await param.json()).toEqual({
      error: { code: 'INVALID_INPUT', message: 'query: /metrics takes no query parameters' },
    });
  });

  it('answers Prometheus text with the host and the app’s own figures', async () => {
    const res = await fetch(`${base}/metrics`, { headers: { Authorization: `Bearer ${running.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const families = parsePrometheusText(await res.text());
    const total = families.get('sutazai_host_memory_total_bytes')!.samples[0]!.value;
    expect(total).toBeGreaterThan(256 * 1024 * 1024);
    expect(families.get('sutazai_app_resident_memory_bytes')!.samples[0]!.value).toBeGreaterThan(0);
    expect(
      families
        .get('sutazai_host_disk_free_bytes')!
        .samples.some((s) => s.labels.role === 'app' && s.labels.path === home),
    ).toBe(true);
  });
});
