import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockTemplatePorts } from '../../test-support/port-lock';
import {
  serviceImagesEngine,
  SERVICE_IMAGES,
  SERVICE_IMAGES_OVERRIDE,
  TEMPLATES_DIR,
} from '../../test-support/service-images';
import { serve, type RunningServer } from '../server';
import { StackService } from './stack-service';

const engine = await serviceImagesEngine();

async function until<T>(fn: () => Promise<T | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? ` (${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function getJson<T>(url: string, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

interface Target {
  labels: { job: string; instance: string };
  scrapeUrl: string;
  health: 'up' | 'down' | 'unknown';
  lastError: string;
}

/**
 * The shipped templates on real programs: the services Debian packages, with only their image
 * swapped (test-support/service-images.yml), started by the orchestrator as `sutazai up` does; and
 * the control center itself, `serve()` with its stack endpoint on the engine's bridge at 7820, where
 * the templates' Prometheus and Alertmanager call it.
 */
describe.skipIf(!engine.available)('the monitoring profile, run from the templates on Debian-built images', () => {
  const docker = engine.docker;
  const project = `sutazai-test-mon-${process.pid}`;
  const home = mkdtempSync(join(tmpdir(), 'sutazai-mon-home-'));
  const stack = new StackService({
    docker,
    home,
    templatesDir: TEMPLATES_DIR,
    project,
    overrideFile: SERVICE_IMAGES_OVERRIDE,
    env: {},
  });
  let app: RunningServer | undefined;
  let release: () => void = () => undefined;
  let upMs = 0;

  beforeAll(async () => {
    release = await lockTemplatePorts();
    // The app on the same SUTAZAI_HOME, so it reads the stack's generated API token from the same
    // stack.env; its stack endpoint takes the port the templates' configs call.
    app = await serve({
      port: 0,
      stackPort: 7820,
      project,
      templatesDir: TEMPLATES_DIR,
      staticDir: home,
      env: { ...process.env, SUTAZAI_HOME: home, SUTAZAI_TOKEN: undefined, SUTAZAI_API_TOKEN: '' },
    });
    expect(app.stackEndpoint).toMatchObject({
      state: 'listening',
      url: expect.stringMatching(/^http:\/\/[\d.]+:7820$/),
    });
    // The node exporter reads the host's file systems: confirmed as `sutazai up --yes` confirms it.
    const pending = stack.risks('debian-built').filter((r) => !r.acknowledged);
    expect(pending.map((r) => r.service)).toEqual(['node-exporter']);
    stack.acknowledge(pending.map((r) => ({ service: r.service, configHash: r.configHash })));
    const began = Date.now();
    const report = await stack.up('debian-built', true);
    upMs = Date.now() - began;
    expect(report.error).toBeUndefined();
  }, 600_000);

  afterAll(async () => {
    await stack.down('debian-built', true).catch(() => undefined);
    await app?.stop();
    release();
    rmSync(home, { recursive: true, force: true });
  }, 120_000);

  it('every service reaches ready with the templates own healthchecks, on the template ports', async () => {
    const ps = await stack.ps();
    const names = Object.keys(SERVICE_IMAGES).sort();
    expect(ps.map((s) => s.service).sort()).toEqual(names);
    for (const s of ps) expect(s.state, s.service).toBe('running');
    console.log(`  up debian-built (${names.length} services) ready in ${(upMs / 1000).toFixed(1)} s`);
    // The healthcheck Docker runs is the template's: wait for its first verdict.
    await until(
      async () => (await stack.ps()).every((s) => s.health === 'healthy'),
      120_000,
      'Docker to report every service healthy',
    );
    const model = stack.load('debian-built');
    expect(model.services.postgres!.image).toBe('sutazai-test/postgres:15-debian');
    expect(model.services.postgres!.healthcheck!.test).toEqual(['CMD-SHELL', 'pg_isready -U sutazai -d sutazai']);
    expect(model.services.prometheus!.ports[0]).toMatchObject({
      hostIp: '127.0.0.1',
      hostPort: 10200,
      containerPort: 9090,
    });
  });

  it('Prometheus scrapes every configured target that runs here, and probes the endpoints', async () => {
    const running = ['prometheus', 'alertmanager', 'node', 'postgres', 'redis', 'blackbox', 'rabbitmq', 'sutazai'];
    const targets = await until(
      async () => {
        const t = (await getJson<{ data: { activeTargets: Target[] } }>('http://127.0.0.1:10200/api/v1/targets')).data
          .activeTargets;
        const scraped = t.filter((x) => running.includes(x.labels.job));
        return scraped.length === running.length && scraped.every((x) => x.health === 'up') ? t : undefined;
      },
      90_000,
      'every running target up',
    );
    // The app's own /metrics, scraped through its stack endpoint with the stack's token.
    expect(targets.find((t) => t.labels.job === 'sutazai')).toMatchObject({
      scrapeUrl: 'http://host.docker.internal:7820/metrics',
      health: 'up',
      lastError: '',
    });
    // Services of other profiles are configured too, and are down until they run.
    expect(targets.find((t) => t.labels.job === 'loki')).toMatchObject({
      health: expect.stringMatching(/down|unknown/),
    });
    const probes = await until(
      async () => {
        const r = await getJson<{ data: { result: { metric: { instance: string }; value: [number, string] }[] } }>(
          `http://127.0.0.1:10200/api/v1/query?query=${encodeURIComponent('probe_success')}`,
        );
        const ok = new Set(r.data.result.filter((x) => x.value[1] === '1').map((x) => x.metric.instance));
        const want = [
          'http://prometheus:9090/-/healthy',
          'http://alertmanager:9093/-/healthy',
          'http://rabbitmq:15672/',
          'postgres:5432',
          'redis:6379',
          'rabbitmq:5672',
        ];
        return want.every((w) => ok.has(w)) ? r.data.result : undefined;
      },
      90_000,
      'the blackbox probes of the running services',
    );
    expect(probes.find((p) => p.metric.instance === 'http://loki:3100/ready')?.value[1]).toBe('0');
    // The control center's own series, which ContainerNearMemoryLimit reads, arrive with their labels.
    const limit = await getJson<{ data: { result: { value: [number, string] }[] } }>(
      `http://127.0.0.1:10200/api/v1/query?query=${encodeURIComponent(`sutazai_container_memory_limit_bytes{project="${project}",service="postgres"}`)}`,
    );
    expect(limit.data.result[0]?.value[1]).toBe(String(2 * 1024 ** 3));
  });

  it('the postgres and redis exporters report their database as up', async () => {
    const pg = await (await fetch('http://127.0.0.1:10207/metrics')).text();
    expect(pg).toMatch(/^pg_up 1$/m);
    const redis = await (await fetch('http://127.0.0.1:10208/metrics')).text();
    expect(redis).toMatch(/^redis_up 1$/m);
  });

  it('RabbitMQ management API answers with the generated credentials, and refuses others', async () => {
    const password = stack.secrets.read().RABBITMQ_PASSWORD!;
    expect(password.length).toBeGreaterThanOrEqual(24);
    const auth = (u: string, p: string) => ({ authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}` });
    const overview = await getJson<{ rabbitmq_version: string }>(
      'http://127.0.0.1:10008/api/overview',
      auth('sutazai', password),
    );
    expect(overview.rabbitmq_version).toMatch(/^3\.10\./);
    expect((await fetch('http://127.0.0.1:10008/api/overview', { headers: auth('sutazai', 'wrong') })).status).toBe(
      401,
    );
    expect((await fetch('http://127.0.0.1:10008/api/overview', { headers: auth('guest', 'guest') })).status).toBe(401);
  });

  it('a database that refuses connections fires an alert that reaches Alertmanager and the control center', async () => {
    const [pg] = await docker.listContainers({
      filters: JSON.stringify({
        label: [`com.docker.compose.project=${project}`, 'com.docker.compose.service=postgres'],
      }),
    });
    await docker.getContainer(pg!.Id).stop({ t: 10 });
    const alert = await until(
      async () => {
        const alerts = await getJson<{ labels: Record<string, string>; status: { state: string } }[]>(
          'http://127.0.0.1:10203/api/v2/alerts',
        );
        return alerts.find((a) => a.labels.alertname === 'PostgresRefusingConnections');
      },
      180_000,
      'PostgresRefusingConnections in Alertmanager',
    );
    expect(alert.labels).toMatchObject({ severity: 'critical', service: 'postgres' });
    // Alertmanager's notification, through the app's route, as the Events page and its API show it.
    const firing = async () =>
      (
        await getJson<
          {
            kind: string;
            project: string;
            service: string;
            severity: string;
            message: string;
            data: Record<string, string>;
          }[]
        >(`http://127.0.0.1:${app!.server.port}/api/v1/events?project=${project}&kind=alert-firing`, {
          authorization: `Bearer ${app!.token}`,
        })
      ).find((e) => e.data.alertname === 'PostgresRefusingConnections');
    const event = await until(firing, 60_000, 'the alert as an event of the app');
    expect(event).toMatchObject({
      kind: 'alert-firing',
      project,
      service: 'postgres',
      severity: 'critical',
      message: 'PostgreSQL refuses connections',
    });
    expect(event.data).toMatchObject({
      alertSeverity: 'critical',
      instance: expect.any(String),
      fingerprint: expect.any(String),
    });
    await docker.getContainer(pg!.Id).start();
  }, 300_000);
});
