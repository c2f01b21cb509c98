import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aesCipher } from '../../test-support/aes-cipher';
import { cleanupTestObjects, TEST_IMAGE, TEST_LABEL, testEngine, testName } from '../../test-support/engine';
import { openDatabase, SecretStore, SettingsRepository } from '../store';
import { AgentRegistry } from './agent-registry';

const engine = await testEngine();
const standin = join(__dirname, '..', '..', 'test-support', 'flowise-standin.sh');

describe.skipIf(!engine.available)('AgentRegistry on the real engine', () => {
  const run = testName('agents');
  const project = run.replace(/[^a-z0-9-]/g, '');
  const docker = engine.docker;
  const home = mkdtempSync(join(tmpdir(), 'sutazai-agents-'));
  const dbFile = join(home, 'sutazai.db');
  const db = openDatabase(dbFile);
  const settings = new SettingsRepository(db);
  // Electron's safeStorage cannot run here: a real AES-256-GCM cipher from node:crypto stands in for it.
  const cipher = aesCipher();
  const registry = new AgentRegistry(docker, project, settings, new SecretStore(db, cipher));

  beforeAll(async () => {
    const labels = (service: string, category: string) => ({
      [TEST_LABEL]: run,
      'com.docker.compose.project': project,
      'com.docker.compose.service': service,
      'ai.sutazai.category': category,
      'ai.sutazai.tier': 'optional',
      'ai.sutazai.ui': 'http://127.0.0.1:8099',
      'ai.sutazai.description': `${service} for tests`,
    });
    // A real container speaking Flowise's prediction API on its port 3000, published on 127.0.0.1.
    const flowise = await docker.createContainer({
      name: `${project}-flowise`,
      Image: TEST_IMAGE,
      Cmd: ['nc', '-ll', '-p', '3000', '-e', '/standin.sh'],
      ExposedPorts: { '3000/tcp': {} },
      Labels: labels('flowise', 'agents'),
      HostConfig: {
        PortBindings: { '3000/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] },
        Binds: [`${standin}:/standin.sh:ro`],
      },
    });
    await flowise.start();
    const db2 = await docker.createContainer({
      name: `${project}-postgres`,
      Image: TEST_IMAGE,
      Cmd: ['sleep', '300'],
      Labels: labels('postgres', 'database'),
    });
    await db2.start();
    const stopped = await docker.createContainer({
      name: `${project}-n8n`,
      Image: TEST_IMAGE,
      Cmd: ['true'],
      Labels: labels('n8n', 'agents'),
    });
    await stopped.start();
    await stopped.wait();
    await new Promise((r) => setTimeout(r, 500));
  });

  afterAll(async () => {
    await cleanupTestObjects(docker, run);
    db.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('lists only the agent platforms of the stack, with state, UI and what a prompt needs', async () => {
    const list = await registry.list();
    expect(list.map((a) => [a.service, a.platform, a.state])).toEqual([
      ['flowise', 'flowise', 'running'],
      ['n8n', 'n8n', 'exited'],
    ]);
    expect(list[0]).toMatchObject({
      ui: 'http://127.0.0.1:8099',
      prompt: { target: 'chatflow id', configured: { hasKey: false } },
    });
  });

  it('sends a prompt to the port the engine published for the platform', async () => {
    const reply = await registry.send('flowise', 'hello "agent"', 'flow-1');
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('chatflow flow-1 received {"question":"hello \\"agent\\""}');
  });

  it('uses the configured target, and explains what is missing', async () => {
    await expect(registry.send('flowise', 'hi')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      hint: expect.stringContaining('chatflow id'),
    });
    await registry.configure('flowise', { target: 'saved-flow' });
    expect((await registry.send('flowise', 'hi')).text).toContain('chatflow saved-flow received');
    await expect(registry.send('n8n', 'hi', 'hook')).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: 'n8n is exited',
    });
    await expect(registry.send('postgres', 'hi', 'x')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('keeps an API key encrypted in the database and sends it to the platform', async () => {
    const key = 'flowise-key-7d1e0c9b5a3f';
    await registry.configure('flowise', { apiKey: key });
    expect((await registry.find('flowise'))?.prompt?.configured).toEqual({ target: 'saved-flow', hasKey: true });
    expect((await registry.send('flowise', 'hi')).text).toBe(
      `chatflow saved-flow received {"question":"hi"} with authorization Bearer ${key}`,
    );
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(dbFile).includes(key)).toBe(false);
    expect(JSON.stringify(settings.get('agents.flowise'))).not.toContain(key);
    await registry.configure('flowise', { apiKey: null });
    expect((await registry.find('flowise'))?.prompt?.configured.hasKey).toBe(false);
    expect((await registry.send('flowise', 'hi')).text).toBe('chatflow saved-flow received {"question":"hi"}');
  });

  it('moves a key an earlier version kept in the settings into the secret store, and still uses it', async () => {
    const legacy = 'legacy-key-0a1b2c3d4e5f';
    settings.set('agents.flowise', { target: 'saved-flow', apiKey: legacy });
    expect((await registry.send('flowise', 'hi')).text).toContain(`with authorization Bearer ${legacy}`);
    expect(await registry.moveKeysToSecretStore()).toBe(1);
    expect(settings.get('agents.flowise')).toEqual({ target: 'saved-flow' });
    expect((await registry.send('flowise', 'hi')).text).toContain(`with authorization Bearer ${legacy}`);
    expect(cipher.calls.decrypt).toBeGreaterThan(0);
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(dbFile).includes(legacy)).toBe(false);
  });
});
