import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StackPage } from './pages/stack-page';
import { engineWithTestImage, TEST_IMAGE } from './support/engine';
import { startAppServer, type AppServer } from './support/app-server';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

test.describe('Stack page', () => {
  test.skip(!engineWithTestImage(), 'no engine with the local test image');
  const project = `sutazai-e2e-${process.pid}`;
  let app: AppServer;
  let dir: string;

  test.beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sutazai-e2e-stack-'));
    const [dbPort, webPort] = [await freePort(), await freePort()];
    writeFileSync(
      join(dir, 'stack.yml'),
      `services:
  db:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "sleep 2; mkdir -p /w; echo db > /w/index.html; exec httpd -f -p 8080 -h /w"]
    stop_grace_period: 1s
    healthcheck: {test: ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:8080/"], interval: 30s, retries: 3}
    ports: ["127.0.0.1:${dbPort}:8080"]
    labels: {ai.sutazai.tier: critical, ai.sutazai.ui: "http://127.0.0.1:${dbPort}/"}
    profiles: [demo]
  web:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "mkdir -p /w; echo web > /w/index.html; exec httpd -f -p 8080 -h /w"]
    stop_grace_period: 1s
    healthcheck: {test: ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:8080/"], interval: 30s, retries: 3}
    ports: ["127.0.0.1:${webPort}:8080"]
    depends_on: {db: {condition: service_healthy}}
    labels: {ai.sutazai.tier: optional}
    profiles: [demo]
`,
    );
    app = await startAppServer({ args: ['--templates', dir, '--project', project] });
  });

  test.afterAll(async () => {
    await app?.stop();
    const ids = execFileSync('docker', ['ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`], {
      encoding: 'utf8',
    }).trim();
    if (ids) execFileSync('docker', ['rm', '-f', ...ids.split('\n')]);
    try {
      execFileSync('docker', ['network', 'rm', `${project}_default`], { stdio: 'ignore' });
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true });
  });

  test('starts and stops a profile with one click each, showing progress and service state', async ({ page }) => {
    const stack = new StackPage(page);
    await stack.open(app.url);
    const card = stack.profile('demo');
    await expect(card).toContainText('0 / 2 running');
    await card.getByRole('button', { name: 'Start' }).click();
    await expect(card.getByTestId('progress-web')).toContainText(/waiting for db|starting|running|ready/);
    await expect(card.getByTestId('profile-state')).toHaveText('2 / 2 running', { timeout: 30_000 });
    await expect(stack.service('db')).toContainText('running');
    await expect(stack.service('web')).toContainText('running');
    await expect(stack.service('db').getByRole('link', { name: 'Open' })).toHaveAttribute(
      'href',
      /^http:\/\/127\.0\.0\.1:\d+\/$/,
    );
    await card.getByRole('button', { name: 'Stop' }).click();
    await expect(card.getByTestId('profile-state')).toHaveText('0 / 2 running', { timeout: 30_000 });
    await expect(page.getByText('No service of this stack has a container yet')).toBeVisible();
  });
});
