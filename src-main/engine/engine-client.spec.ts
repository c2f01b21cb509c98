import { execFileSync } from 'node:child_process';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivateEngine } from '../../test-support/private-engine';
import { cleanupTestObjects, TEST_IMAGE, TEST_LABEL, testEngine, testName } from '../../test-support/engine';
import { discoverEngine } from './engine-discovery';
import { EngineClient } from './engine-client';

const engine = await testEngine();
const run = testName('engine');

describe('EngineClient without an engine', () => {
  it('reports the socket it tried and how to start an engine, without throwing', async () => {
    const client = new EngineClient(discoverEngine({ env: { DOCKER_HOST: 'unix:///tmp/sutazai-no-such.sock' } }));
    const status = await client.status();
    expect(status.connected).toBe(false);
    expect(status.endpoint).toBe('unix:///tmp/sutazai-no-such.sock');
    expect(status.error).toContain('/tmp/sutazai-no-such.sock');
    expect(status.hint).toMatch(/Start the Docker engine|Docker Desktop/);
  });
});

describe.skipIf(!engine.available)('EngineClient on the real engine', () => {
  afterAll(() => cleanupTestObjects(engine.docker, run));

  it('reports the same version as the docker CLI', async () => {
    const status = await new EngineClient(discoverEngine()).status();
    expect(status.connected).toBe(true);
    const cli = execFileSync('docker', ['version', '--format', '{{.Server.Version}} {{.Server.APIVersion}}'], {
      encoding: 'utf8',
    }).trim();
    expect(`${status.version} ${status.apiVersion}`).toBe(cli);
    expect(status.dataRoot).toBeTruthy();
  });

  it('keeps the request options cheap to format while a log stream holds a pooled socket', async () => {
    const client = new EngineClient(discoverEngine());
    const c = await client.docker.createContainer({
      name: `${run}-chatty`,
      Image: TEST_IMAGE,
      Cmd: ['sh', '-c', 'while true; do echo line; sleep 0.05; done'],
      Labels: { [TEST_LABEL]: run },
    });
    await c.start();
    const stream = (await c.logs({ follow: true, stdout: true, stderr: true })) as NodeJS.ReadableStream;
    await new Promise((r) => stream.once('data', r));
    await client.docker.ping();
    // What docker-modem formats for its debug log on every request, whether that log is on or not.
    const agent = (client.docker.modem as unknown as { agent: object }).agent;
    const formatted = inspect({ path: '/_ping', method: 'GET', agent }, { showHidden: true, depth: null });
    expect(formatted.length).toBeLessThan(200);
    client.dispose();
  });
});

// Counting is checked on an engine of the test's own: on the shared one, other work starts and
// removes containers between the two readings.
const blocker = PrivateEngine.available();
describe.skipIf(blocker !== undefined)('EngineClient counting containers on a private engine', () => {
  const priv = new PrivateEngine();
  beforeAll(async () => {
    await priv.start();
    priv.loadTestImage();
  }, 90_000);
  afterAll(() => priv.destroy(), 60_000);

  it('counts a container it did not start', async () => {
    const client = new EngineClient(discoverEngine({ env: { DOCKER_HOST: `unix://${priv.socket}` } }));
    const before = await client.status();
    expect(before.connected).toBe(true);
    const c = await priv.docker.createContainer({ Image: TEST_IMAGE, Cmd: ['sleep', '30'], name: run });
    await c.start();
    const after = await client.status();
    expect(after.containers!.running).toBe(before.containers!.running + 1);
    expect(after.containers!.total).toBe(before.containers!.total + 1);
  });
});
