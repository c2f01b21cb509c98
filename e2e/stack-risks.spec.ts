import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StackPage } from './pages/stack-page';
import { engineWithTestImage, TEST_IMAGE } from './support/engine';
import { startAppServer, type AppServer } from './support/app-server';

const compose = (image: string) => `services:
  watcher:
    image: ${image}
    command: ["sleep", "300"]
    stop_grace_period: 1s
    volumes: ["/etc:/host-etc:ro"]
    labels: {ai.sutazai.tier: optional, ai.sutazai.host-access: "reads the host's configuration to report it"}
    profiles: [watch]
  helper:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    stop_grace_period: 1s
    environment: {NOTE: "\${HELPER_NOTE}"}
    labels: {ai.sutazai.tier: optional}
    profiles: [help]
`;

function containers(project: string): string[] {
  const out = execFileSync(
    'docker',
    [
      'ps',
      '-a',
      '--filter',
      `label=com.docker.compose.project=${project}`,
      '--format',
      '{{.Label "com.docker.compose.service"}}',
    ],
    { encoding: 'utf8' },
  );
  return out.split('\n').filter(Boolean).sort();
}

test.describe('Stack page: settings that give a container part of the host', () => {
  test.skip(!engineWithTestImage(), 'no engine with the local test image');
  const project = `sutazai-e2e-risks-${process.pid}`;
  let app: AppServer;
  let dir: string;

  test.beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sutazai-e2e-risks-'));
    writeFileSync(join(dir, 'stack.yml'), compose(TEST_IMAGE));
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

  test('are listed with their reasons before the first start, asked once, and asked again after a change', async ({
    page,
  }) => {
    const stack = new StackPage(page);
    await stack.open(app.url);
    const card = stack.profile('watch');
    await card.getByRole('button', { name: 'Start' }).click();
    const risk = stack.risk('watcher');
    await expect(risk).toContainText('volumes: /etc:/host-etc:ro');
    await expect(risk).toContainText("the host's configuration, including accounts and keys (read-only)");
    await expect(risk).toContainText("Why the compose file needs it: reads the host's configuration to report it");

    await stack.cancelHostAccess();
    await expect(stack.riskReview()).toHaveCount(0);
    expect(containers(project)).toEqual([]);

    await card.getByRole('button', { name: 'Start' }).click();
    await stack.confirmHostAccess();
    await expect(card.getByTestId('profile-state')).toHaveText('1 / 1 running', { timeout: 30_000 });
    await card.getByRole('button', { name: 'Stop' }).click();
    await expect(card.getByTestId('profile-state')).toHaveText('0 / 1 running', { timeout: 30_000 });

    await card.getByRole('button', { name: 'Start' }).click();
    await expect(card.getByTestId('profile-state')).toHaveText('1 / 1 running', { timeout: 30_000 });
    await expect(stack.riskReview()).toHaveCount(0);
    await card.getByRole('button', { name: 'Stop' }).click();
    await expect(card.getByTestId('profile-state')).toHaveText('0 / 1 running', { timeout: 30_000 });

    writeFileSync(
      join(dir, 'stack.yml'),
      compose(TEST_IMAGE).replace('command: ["sleep", "300"]', 'command: ["sleep", "301"]'),
    );
    await card.getByRole('button', { name: 'Start' }).click();
    await expect(stack.risk('watcher')).toContainText('volumes: /etc:/host-etc:ro');
    await stack.cancelHostAccess();
    expect(containers(project)).toEqual([]);
  });

  test('starts several profiles together, reviewing the risky one first', async ({ page }) => {
    const stack = new StackPage(page);
    await stack.open(app.url);
    await expect(page.getByRole('region', { name: 'Compose file warnings' })).toContainText(
      /stack\.yml:13: variable HELPER_NOTE is not set; it is read as an empty string/,
    );
    await stack.startTogether(['watch', 'help']);
    await expect(stack.risk('watcher')).toBeVisible();
    await expect(stack.riskReview()).not.toContainText('helper');
    await stack.confirmHostAccess();
    await expect(stack.profile('watch').getByTestId('profile-state')).toHaveText('1 / 1 running', { timeout: 30_000 });
    await expect(stack.profile('help').getByTestId('profile-state')).toHaveText('1 / 1 running', { timeout: 30_000 });
    expect(containers(project)).toEqual(['helper', 'watcher']);
  });
});
