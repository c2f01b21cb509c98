import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTestObjects, TEST_IMAGE, TEST_LABEL, testEngine, testName } from '../../test-support/engine';
import { openDatabase, SettingsRepository } from '../store';
import { normalizeOllamaUrl, OLLAMA_URL_SETTING, resolveOllamaEndpoint } from './ollama-endpoint';

const engine = await testEngine();
const run = testName('ollama-url');

describe('resolveOllamaEndpoint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sutazai-endpoint-'));
  const db = openDatabase(join(dir, 'db.sqlite'));
  const settings = new SettingsRepository(db);
  afterAll(async () => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
    if (engine.available) await cleanupTestObjects(engine.docker, run);
  });

  it('takes the flag, then settings, then OLLAMA_HOST, then the default', async () => {
    expect(
      await resolveOllamaEndpoint({ flag: 'http://10.0.0.2:1234/', settings, env: { OLLAMA_HOST: 'h:1' } }),
    ).toEqual({ url: 'http://10.0.0.2:1234', source: 'flag' });
    expect(await resolveOllamaEndpoint({ settings, env: { OLLAMA_HOST: '0.0.0.0' } })).toEqual({
      url: 'http://0.0.0.0:11434',
      source: 'env',
    });
    settings.set(OLLAMA_URL_SETTING, 'http://saved:9');
    expect(await resolveOllamaEndpoint({ settings, env: { OLLAMA_HOST: 'h:1' } })).toEqual({
      url: 'http://saved:9',
      source: 'settings',
    });
    settings.delete(OLLAMA_URL_SETTING);
    expect(await resolveOllamaEndpoint({ settings, env: {} })).toEqual({
      url: 'http://127.0.0.1:11434',
      source: 'default',
    });
    expect(() => normalizeOllamaUrl('ftp://x', '--ollama-url')).toThrow(
      '--ollama-url: "ftp://x" must use http or https',
    );
  });

  it.skipIf(!engine.available)('finds the port the running stack publishes for its ollama service', async () => {
    const project = run.replace(/[^a-z0-9-]/g, '');
    // Its own network, as compose gives each project (and independent of the default bridge).
    await engine.docker.createNetwork({ Name: run, Labels: { [TEST_LABEL]: run } });
    const container = await engine.docker.createContainer({
      name: run,
      Image: TEST_IMAGE,
      Cmd: ['sleep', '60'],
      Labels: { [TEST_LABEL]: run, 'com.docker.compose.project': project, 'com.docker.compose.service': 'ollama' },
      ExposedPorts: { '11434/tcp': {} },
      HostConfig: { PortBindings: { '11434/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] }, NetworkMode: run },
    });
    await container.start();
    const port = (await container.inspect()).NetworkSettings.Ports['11434/tcp']![0]!.HostPort;
    expect(await resolveOllamaEndpoint({ settings, env: {}, docker: engine.docker, project })).toEqual({
      url: `http://127.0.0.1:${port}`,
      source: 'stack',
    });
    expect(
      await resolveOllamaEndpoint({ settings, env: {}, docker: engine.docker, project: `${project}-other` }),
    ).toMatchObject({ source: 'default' });
  });
});
