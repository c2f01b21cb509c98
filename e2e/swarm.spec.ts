import { expect, test } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NetnsPair } from '../test-support/netns-pair';
import { PrivateEngine } from '../test-support/private-engine';
import { SwarmEngine } from '../test-support/swarm-engine';
import { StackPage } from './pages/stack-page';
import { engineWithTestImage, TEST_IMAGE } from './support/engine';
import { startAppServer, type AppServer } from './support/app-server';

test.describe('Stack page on a swarm manager', () => {
  test.skip(
    !engineWithTestImage() || PrivateEngine.available() !== undefined,
    'needs root, dockerd and the test image',
  );
  let dir = '';
  const stack = `e2eswarm${process.pid}`;
  // The engine lives in a network namespace of its own, so its bridge and swarm interfaces stay off the host.
  const net = new NetnsPair(`e2e${process.pid % 100000}`, '198.18.1');
  let node: SwarmEngine | undefined;
  let app: AppServer;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    // Made here, not when the file is listed: the runner loads it in processes that never run it.
    dir = mkdtempSync(join(tmpdir(), 'sutazai-e2e-swarm-'));
    node = new SwarmEngine('203.0.113.1', 'sutazai-e2e-swarm', { netns: net.names[0], swarmAddress: net.addresses[0] });
    net.create();
    await node.start();
    await node.initSwarm();
    const socket = node.engine.socket;
    mkdirSync(join(dir, 'templates'), { recursive: true });
    writeFileSync(
      join(dir, 'templates', 'core.yml'),
      `services:
  web:
    image: ${TEST_IMAGE}
    profiles: [demo]
    command: ["sh", "-c", "echo web up; exec sleep 3600"]
    labels:
      ai.sutazai.placement: node.role == manager
`,
    );
    app = await startAppServer({
      env: { DOCKER_HOST: `unix://${socket}`, DOCKER_CONTEXT: undefined, SUTAZAI_PROBE_IMAGE: TEST_IMAGE },
      args: ['--templates', join(dir, 'templates'), '--project', stack],
    });
  });

  test.afterAll(async () => {
    await app?.stop();
    await node?.destroy();
    net.destroy();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('shows the stack deployed through the API with its task and node', async ({ page }) => {
    test.setTimeout(120_000);
    const deploy = await fetch(`${app.origin}/api/v1/swarm/deploy`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${app.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ profile: 'demo' }),
    });
    expect(deploy.status).toBe(200);
    const hostname = ((await node!.docker.info()) as { Name: string }).Name;
    const stackPage = new StackPage(page);
    await stackPage.open(app.url);
    const section = page.getByRole('region', { name: 'Swarm tasks' });
    await expect(section).toContainText(`stack ${stack}`);
    const web = section.getByTestId('swarm-service-web');
    await expect(web).toContainText('1/1');
    await expect(web).toContainText('node.role == manager');
    await expect(section.getByRole('table', { name: 'Swarm tasks per node' })).toContainText(
      new RegExp(`web\\.1\\s*${hostname}\\s*running`),
    );

    // The service's log through the swarm's service logs, each line with its node.
    await web.getByRole('button', { name: 'Logs' }).click();
    await expect(section.getByRole('log', { name: 'Swarm logs of web' })).toContainText(`${hostname} | web up`);

    // The node's memory and CPU from the stack's probe service, and draining it from the page.
    const nodes = page.getByRole('region', { name: 'Swarm nodes' });
    const row = nodes.getByRole('row').filter({ hasText: hostname });
    await expect(row).toContainText(/manager \(leader\)/);
    await expect(row).toContainText(/\d+(\.\d+)? [KMGT]i?B of \d+(\.\d+)? [KMGT]i?B/, { timeout: 30_000 });
    await expect(row).toContainText(/\d+ %/);
    await expect(nodes).toContainText(`probe service ${stack}_host-probe (1 of 1 nodes)`);
    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: 'Drain' }).click();
    await expect(row).toContainText('drain');
    await row.getByRole('button', { name: 'Activate' }).click();
    await expect(row).toContainText('active');
  });
});
