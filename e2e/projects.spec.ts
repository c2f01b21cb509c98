import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventsPage } from './pages/events-page';
import { LogsPage } from './pages/logs-page';
import { MetricsPage } from './pages/metrics-page';
import { StackPage } from './pages/stack-page';
import { engineWithTestImage, TEST_IMAGE } from './support/engine';
import { startAppServer, type AppServer } from './support/app-server';

const docker = (...args: string[]): string => execFileSync('docker', args, { encoding: 'utf8' }).trim();

test.describe('Projects on the Stack page', () => {
  test.skip(!engineWithTestImage(), 'no engine with the local test image');
  const sutazai = `sutazai-e2e-projects-${process.pid}`;
  const name = `e2e-folder-${process.pid}`;
  let app: AppServer;
  let base: string;
  let folder: string;

  const composeFile = (typo: boolean) => `services:
  web:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "echo web of ${name} says hello; sleep 2; mkdir -p /w; echo web > /w/index.html; exec httpd -f -p 8080 -h /w"]
    ${typo ? 'enviroment' : 'environment'}: {GREETING: hi}
    stop_grace_period: 1s
    healthcheck: {test: ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:8080/"], interval: 30s, retries: 3}
    profiles: [site]
    labels: {ai.sutazai.test: ${name}}
  worker:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "sleep 600 & wait $$!"]
    depends_on: {web: {condition: service_healthy}}
    stop_grace_period: 1s
    profiles: [site]
    labels: {ai.sutazai.test: ${name}}
  tool:
    image: ${TEST_IMAGE}
    command: ["sleep", "600"]
    stop_grace_period: 1s
    profiles: [tools]
    labels: {ai.sutazai.test: ${name}}
`;

  test.beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'sutazai-e2e-projects-'));
    const templates = join(base, 'templates');
    folder = join(base, name);
    mkdirSync(templates);
    mkdirSync(folder);
    writeFileSync(
      join(templates, 'core.yml'),
      `services:\n  db:\n    image: ${TEST_IMAGE}\n    command: ["sleep", "600"]\n    stop_grace_period: 1s\n    profiles: [minimal]\n    labels: {ai.sutazai.tier: critical}\n`,
    );
    writeFileSync(join(folder, 'compose.yaml'), composeFile(true));
    app = await startAppServer({ args: ['--templates', templates, '--project', sutazai] });
  });

  test.afterAll(async () => {
    await app?.stop();
    for (const project of [name, sutazai]) {
      const ids = docker('ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`);
      if (ids) docker('rm', '-f', ...ids.split('\n'));
      try {
        execFileSync('docker', ['network', 'rm', `${project}_default`], { stdio: 'ignore' });
      } catch {
        // already gone
      }
    }
    rmSync(base, { recursive: true, force: true });
  });

  test('adds a compose folder, starts and stops its profile, reads its logs, and removes it', async ({ page }) => {
    const stack = new StackPage(page);
    await stack.open(app.url);
    // Only the SutazAI stack so far: no picker.
    await expect(stack.projectPicker()).toHaveCount(0);
    await expect(stack.profile('minimal')).toBeVisible();

    // A typo in the compose file is named with its file and line, and nothing is added.
    await stack.addProject(folder);
    await expect(stack.addForm().getByRole('alert')).toContainText(
      `${join(folder, 'compose.yaml')}:5: services.web.enviroment: unknown key; did you mean 'environment'?`,
    );
    await expect(stack.addForm().getByRole('alert')).toContainText('Fix the compose file at the line named');
    await expect(stack.projectPicker()).toHaveCount(0);

    writeFileSync(join(folder, 'compose.yaml'), composeFile(false));
    // Picked this time: the core lists the folders, the one with a compose file marked.
    await stack.pickFolder(base, name);
    await expect(stack.addForm().getByRole('textbox', { name: /^Folder/ })).toHaveValue(folder);
    await stack.addForm().getByRole('combobox').selectOption('optional');
    await stack.submitAdd();
    await expect(stack.addedNotice()).toContainText(`Added ${name}`);
    await expect(stack.addedNotice()).toContainText('Profiles: site, tools.');
    await expect(stack.projectPicker()).toHaveValue(name);
    await expect(stack.projectCard(name)).toContainText(join(folder));
    await expect(stack.projectCard(name).getByRole('combobox', { name: 'Default tier' })).toHaveValue('optional');

    // Its profiles, not the SutazAI stack's.
    await expect(stack.profile('site')).toContainText('0 / 2 running');
    await expect(stack.profile('tools')).toContainText('0 / 1 running');
    await expect(stack.profile('minimal')).toHaveCount(0);

    const card = stack.profile('site');
    await card.getByRole('button', { name: 'Start' }).click();
    // web serves 2 s after it starts, so the worker is seen waiting for it.
    await expect(card.getByTestId('progress-worker')).toContainText(/waiting for web|starting|running|ready/);
    await expect(card.getByTestId('profile-state')).toHaveText('2 / 2 running', { timeout: 30_000 });
    await expect(stack.service('web')).toContainText('running');
    await expect(stack.service('web')).toContainText('optional');
    expect(docker('inspect', '-f', '{{.State.Running}}', `${name}-web-1`)).toBe('true');

    // Its worker's process killed: the project's supervisor restarts it, and the Events page shows
    // that under the project's name, and not under the SutazAI stack.
    docker('exec', `${name}-worker-1`, 'sh', '-c', 'kill -9 $(pidof sleep)');
    const events = new EventsPage(page);
    await events.open(app.url);
    await events.chooseProject(name);
    await expect(events.row('restarted', 'worker')).toHaveCount(1, { timeout: 30_000 });
    await expect(events.row('crashed', 'worker').first()).toContainText(name);
    await events.chooseProject(sutazai);
    await expect(events.row('crashed', 'worker')).toHaveCount(0);
    await expect(events.row('restarted', 'worker')).toHaveCount(0);
    // On the Metrics page its containers are named by service under the project, and by
    // project/service under the SutazAI stack.
    const metrics = new MetricsPage(page);
    await metrics.open(app.url);
    await metrics.chooseProject(name);
    await expect(metrics.containerRow(`${name}-web-1`).getByRole('cell').nth(1)).toHaveText('web', {
      timeout: 15_000,
    });
    await metrics.chooseProject(sutazai);
    await expect(metrics.containerRow(`${name}-web-1`).getByRole('cell').nth(1)).toHaveText(`${name}/web`);

    await stack.open(app.url);
    await stack.chooseProject(name);
    await expect(stack.profile('site').getByTestId('profile-state')).toHaveText('2 / 2 running', { timeout: 30_000 });

    // Its service's log, from the link on its row: the Logs page shows that project.
    await stack.service('web').getByRole('link', { name: 'Logs of web' }).click();
    const logs = new LogsPage(page);
    await expect(page.getByRole('combobox', { name: 'Project' })).toHaveValue(name);
    await expect(logs.service('web')).toBeChecked();
    await expect(logs.rows()).toContainText(`web of ${name} says hello`, { timeout: 15_000 });

    // Back to the SutazAI stack and to the folder again: each shows its own.
    await stack.open(app.url);
    await stack.chooseProject(sutazai);
    await expect(stack.profile('minimal')).toBeVisible();
    await expect(stack.profile('site')).toHaveCount(0);
    await stack.chooseProject(name);

    await stack.profile('site').getByRole('button', { name: 'Stop' }).click();
    await expect(stack.profile('site').getByTestId('profile-state')).toHaveText('0 / 2 running', { timeout: 30_000 });
    expect(docker('ps', '-aq', '--filter', `label=com.docker.compose.project=${name}`)).toBe('');

    // Started again, then removed while running: forgotten, its containers left as they are.
    await stack.profile('tools').getByRole('button', { name: 'Start' }).click();
    await expect(stack.profile('tools').getByTestId('profile-state')).toHaveText('1 / 1 running', {
      timeout: 30_000,
    });
    await stack.removeProject(name);
    await expect(stack.projectPicker()).toHaveCount(0);
    await expect(stack.profile('minimal')).toBeVisible();
    expect(docker('inspect', '-f', '{{.State.Running}}', `${name}-tool-1`)).toBe('true');
  });
});
