import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTestObjects, TEST_IMAGE, TEST_LABEL, testEngine, testName } from '../../test-support/engine';
import { openDatabase, SettingsRepository } from '../store';
import { AgentRegistry } from './agent-registry';

const engine = await testEngine();
const standin = join(__dirname, '..', '..', 'test-support', 'flowise-standin.sh');

describe.skipIf(!engine.available)('AgentRegistry on the real engine', () => {
  const run = testName('agents');
  const project = run.replace(/[^a-z0-9-]/g, '');
  const docker = engine.docker;
  const db = openDatabase(':memory:');
  const registry = new AgentRegistry(docker, project, new SettingsRepository(db));

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
      HostConfig: { PortBindings: { '3000/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] }, Binds: [`${standin}:/standin.sh:ro`] },
    });
    await flowise.start();
    const db2 = await docker.createContainer({ name: `${project}-postgres`, Image: TEST_IMAGE, Cmd: ['sleep', '300'], Labels: labels('postgres', 'database') });
    await db2.start();
    const stopped = await docker.createContainer({ name: `${project}-n8n`, Image: TEST_IMAGE, Cmd: ['true'], Labels: labels('n8n', 'agents') });
    await stopped.start();
    await stopped.wait();
    await new Promise((r) => setTimeout(r, 500));
  });

  afterAll(async () => {
    await cleanupTestObjects(docker, run);
    db.close();
  });

  it('lists only the agent platforms of the stack, with state, UI and what a prompt needs', async () => {
    const list = await registry.list();
    expect(list.map((a) => [a.service, a.platform, a.state])).toEqual([
      ['flowise', 'flowise', 'running'],
      ['n8n', 'n8n', 'exited'],
    ]);
    expect(list[0]).toMatchObject({ ui: 'http://127.0.0.1:8099', prompt: { target: 'chatflow id', configured: { hasKey: false } } });
  });

  it('sends a prompt to the port the engine published for the platform', async () => {
    const reply = await registry.send('flowise', 'hello "agent"', 'flow-1');
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('chatflow flow-1 received {"question":"hello \\"agent\\""}');
  });

  it('uses the configured target, and explains what is missing', async () => {
    await expect(registry.send('flowise', 'hi')).rejects.toMatchObject({ code: 'INVALID_INPUT', hint: expect.stringContaining('chatflow id') });
    registry.configure('flowise', { target: 'saved-flow' });
    expect((await registry.send('flowise', 'hi')).text).toContain('chatflow saved-flow received');
    await expect(registry.send('n8n', 'hi', 'hook')).rejects.toMatchObject({ code: 'UNAVAILABLE', message: 'n8n is exited' });
    await expect(registry.send('postgres', 'hi', 'x')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
