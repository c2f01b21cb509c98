import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTestObjects, TEST_IMAGE, TEST_LABEL, testEngine, testName } from '../../test-support/engine';
import type { ProgressEvent } from '../../src-shared/api';
import { StackService } from './stack-service';

const engine = await testEngine();

/**
 * A compose project as users bring them, run on the real engine with local images only: two
 * profiles at once, a build-only service built from a local context, values from `.env`, an
 * `include` with its own `.env`, and an internal network its containers cannot leave.
 */
describe.skipIf(!engine.available)('a compose project on the real engine', () => {
  const docker = engine.docker;
  const run = testName('project');
  const project = run.replace(/[^a-z0-9-]/g, '');
  const dir = mkdtempSync(join(tmpdir(), 'sutazai-project-'));
  const files: Record<string, string> = {
    '.env': 'GREETING=hello-from-dotenv\n',
    'compose.yml': `name: ignored-because-the-caller-names-it
include:
  - ./store/compose.yml
x-test: &test {${TEST_LABEL}: ${run}}
services:
  api:
    build: {context: ./api, args: {BUILT_WITH: "\${GREETING}"}}
    profiles: [app]
    environment: {GREETING: "\${GREETING}"}
    command: ["sh", "-c", "mkdir -p /www && cat /hello.txt > /www/index.html && exec httpd -f -p 8080 -h /www"]
    stop_grace_period: 1s
    networks: [inner]
    labels: *test
  probe:
    image: ${TEST_IMAGE}
    profiles: [tools]
    command: ["sleep", "300"]
    stop_grace_period: 1s
    networks: [inner]
    labels: *test
networks:
  inner:
    internal: true
    labels: *test
`,
    'api/Dockerfile': `FROM ${TEST_IMAGE}\nARG BUILT_WITH\nCOPY hello.txt /hello.txt\nRUN echo "built with $BUILT_WITH" >> /hello.txt\n`,
    'api/hello.txt': 'hello from the build context\n',
    'api/.dockerignore': 'secret.txt\n',
    'api/secret.txt': 'must not reach the engine\n',
    'store/.env': 'STORE_MESSAGE=from-the-included-env\n',
    'store/compose.yml': `services:
  store:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "mkdir -p /www && echo \${STORE_MESSAGE} > /www/index.html && exec httpd -f -p 8080 -h /www"]
    stop_grace_period: 1s
    networks: [inner]
    labels: {${TEST_LABEL}: ${run}}
networks:
  inner:
    internal: true
    labels: {${TEST_LABEL}: ${run}}
`,
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const stack = new StackService({
    docker,
    home: join(dir, 'home'),
    templatesDir: dir,
    project,
    env: { PATH: process.env.PATH },
  });
  const events: ProgressEvent[] = [];
  stack.onProgress((e) => events.push(e));

  afterAll(async () => {
    await cleanupTestObjects(docker, run);
    await docker
      .getImage(`${project}-api`)
      .remove({ force: true })
      .catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  const exec = async (container: string, cmd: string[]): Promise<{ code: number; out: string }> => {
    const e = await docker.getContainer(container).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
    const stream = await e.start({});
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    docker.modem.demuxStream(stream, out, new PassThrough());
    stream.on('end', () => out.end());
    await new Promise((r) => out.on('end', r));
    return { code: (await e.inspect()).ExitCode ?? -1, out: Buffer.concat(chunks).toString('utf8') };
  };

  /** An HTTP GET with busybox nc (its static wget cannot resolve names here): the reply's body, or '' when nothing answered. */
  const httpGet = async (container: string, host: string): Promise<string> => {
    const r = await exec(container, ['sh', '-c', `printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 3 ${host} 8080`]);
    return r.out.includes('\r\n\r\n') ? r.out.slice(r.out.indexOf('\r\n\r\n') + 4) : '';
  };

  it('builds the build-only service with progress, reads .env and the include, and starts both profiles', async () => {
    const report = await stack.up(['app', 'tools'], true);
    expect(report.error).toBeUndefined();
    expect(report.services.map((s) => [s.service, s.outcome, s.ready]).sort()).toEqual([
      ['api', 'created', true],
      ['probe', 'created', true],
      ['store', 'created', true],
    ]);
    expect(
      events.some((e) => e.service === 'api' && e.phase === 'building' && /Step 1\/\d+ : FROM/.test(e.detail ?? '')),
    ).toBe(true);
    const image = await docker.getImage(`${project}-api`).inspect();
    expect(image.Config.Labels?.['com.docker.compose.project']).toBe(project);
    const api = `${project}-api-1`;
    expect((await exec(api, ['cat', '/hello.txt'])).out).toBe(
      'hello from the build context\nbuilt with hello-from-dotenv\n',
    );
    expect((await exec(api, ['sh', '-c', 'echo $GREETING'])).out).toBe('hello-from-dotenv\n');
    expect((await exec(api, ['ls', '/'])).out).not.toContain('secret.txt');
    const probe = `${project}-probe-1`;
    expect(await httpGet(probe, 'store')).toBe('from-the-included-env\n');
    expect(await httpGet(probe, 'api')).toContain('hello from the build context');
  }, 120_000);

  it('keeps the internal network closed: a server on another network answers its own network, not this one', async () => {
    const net = await docker.getNetwork(`${project}_inner`).inspect();
    expect(net.Internal).toBe(true);
    await docker.createNetwork({ Name: `${project}-outside`, Labels: { [TEST_LABEL]: run } });
    const server = await docker.createContainer({
      name: `${project}-outside-server`,
      Image: TEST_IMAGE,
      Cmd: ['sh', '-c', 'mkdir -p /www && echo outside > /www/index.html && exec httpd -f -p 8080 -h /www'],
      Labels: { [TEST_LABEL]: run },
      HostConfig: { NetworkMode: `${project}-outside` },
    });
    await server.start();
    const client = await docker.createContainer({
      name: `${project}-outside-client`,
      Image: TEST_IMAGE,
      Cmd: ['sleep', '300'],
      Labels: { [TEST_LABEL]: run },
      HostConfig: { NetworkMode: `${project}-outside` },
    });
    await client.start();
    const ip = (await server.inspect()).NetworkSettings.Networks[`${project}-outside`]!.IPAddress;
    expect(ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(await httpGet(`${project}-outside-client`, ip)).toBe('outside\n');
    expect(await httpGet(`${project}-probe-1`, ip)).toBe('');
  }, 60_000);

  it('up again changes nothing and builds nothing', async () => {
    events.length = 0;
    const report = await stack.up(['app', 'tools'], false);
    expect(report.services.map((s) => s.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(events.filter((e) => e.phase === 'building')).toEqual([]);
  }, 60_000);
});
