import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_LABEL, testName } from '../../test-support/engine';
import { SERVICE_IMAGES, serviceImagesEngine, TEMPLATES_DIR } from '../../test-support/service-images';
import { loadProject, templateFiles } from './compose-loader';

const engine = await serviceImagesEngine();
const config = join(TEMPLATES_DIR, 'config');
const run = testName('configs');

/** Runs a tool from one of the Debian-built images with the templates' config folder at /cfg. */
async function tool(
  image: string,
  args: string[],
  mounts: string[] = [`${config}:/cfg:ro`],
): Promise<{ code: number; output: string }> {
  const cmd = [
    'run',
    '--rm',
    '--label',
    `${TEST_LABEL}=${run}`,
    '--network',
    'none',
    ...mounts.flatMap((m) => ['-v', m]),
    '--entrypoint',
    args[0]!,
    image,
    ...args.slice(1),
  ];
  try {
    const { stdout, stderr } = await promisify(execFile)('docker', cmd, { timeout: 60_000 });
    return { code: 0, output: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('the monitoring profile mounts configuration files that exist', () => {
  it('every ./config file a template mounts is shipped', () => {
    // Every variable the templates name, set, so that required secrets do not stop the load.
    const names = templateFiles(TEMPLATES_DIR).flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!),
    );
    const model = loadProject({
      files: templateFiles(TEMPLATES_DIR),
      profiles: ['full'],
      env: Object.fromEntries(names.map((n) => [n, 'x'])),
    });
    const sources = Object.values(model.services).flatMap((s) =>
      s.mounts.flatMap((v) => (v.type === 'bind' && v.source?.startsWith(config) ? [v.source] : [])),
    );
    expect(sources.length).toBeGreaterThanOrEqual(5);
    for (const source of sources) expect(existsSync(source), source).toBe(true);
  });
});

describe.skipIf(!engine.available)('the shipped configuration files pass their own validators', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'sutazai-configs-'));
  chmodSync(tmp, 0o755); // the tools run as nobody
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('promtool check config: prometheus.yml with its rule file and credential files', async () => {
    // The credential files are written by the service's entrypoint before Prometheus starts.
    const r = await tool(
      SERVICE_IMAGES.prometheus!,
      [
        'sh',
        '-c',
        'mkdir -p /prometheus/secrets && : > /prometheus/secrets/qdrant-api-key && : > /prometheus/secrets/sutazai-api-token && promtool check config /etc/prometheus/prometheus.yml',
      ],
      [
        `${config}/prometheus.yml:/etc/prometheus/prometheus.yml:ro`,
        `${config}/alert-rules.yml:/etc/prometheus/alert-rules.yml:ro`,
      ],
    );
    expect(r.output).toContain('SUCCESS: 1 rule files found');
    expect(r.output).toContain('is valid prometheus config file syntax');
    expect(r.code).toBe(0);
  });

  it('promtool check rules and promtool test rules: every alert has its cases', async () => {
    const check = await tool(SERVICE_IMAGES.prometheus!, ['promtool', 'check', 'rules', '/cfg/alert-rules.yml']);
    expect(check.output).toContain('SUCCESS: 10 rules found');
    const test = await tool(SERVICE_IMAGES.prometheus!, [
      'sh',
      '-c',
      'cd /cfg && promtool test rules alert-rules.test.yml',
    ]);
    expect(test.output).toContain('SUCCESS');
    expect(test.code).toBe(0);
  });

  it('promtool test rules fails when a rule stops matching its cases', async () => {
    writeFileSync(
      join(tmp, 'alert-rules.yml'),
      readFileSync(join(config, 'alert-rules.yml'), 'utf8').replace('pg_up == 0', 'pg_up == 2'),
    );
    writeFileSync(join(tmp, 'alert-rules.test.yml'), readFileSync(join(config, 'alert-rules.test.yml'), 'utf8'));
    const test = await tool(
      SERVICE_IMAGES.prometheus!,
      ['sh', '-c', 'cd /cfg && promtool test rules alert-rules.test.yml'],
      [`${tmp}:/cfg:ro`],
    );
    expect(test.code).not.toBe(0);
    expect(test.output).toContain('alertname: PostgresRefusingConnections');
  });

  it('amtool check-config: alertmanager.yml sends to the control center', async () => {
    const r = await tool(SERVICE_IMAGES.alertmanager!, ['amtool', 'check-config', '/cfg/alertmanager.yml']);
    expect(r.output).toContain('SUCCESS');
    expect(r.output).toContain('1 receivers');
    expect(r.code).toBe(0);
  });

  it('blackbox_exporter --config.check: blackbox.yml', async () => {
    const r = await tool(SERVICE_IMAGES['blackbox-exporter']!, [
      '/bin/blackbox_exporter',
      '--config.file=/cfg/blackbox.yml',
      '--config.check',
    ]);
    expect(r.output).toContain('Config file is ok');
    expect(r.code).toBe(0);
  });
});
