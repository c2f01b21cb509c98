import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { openApiChecker } from '../test-support/openapi-check';
import { AgentsPage } from './pages/agents-page';
import { engineWithTestImage, TEST_IMAGE } from './support/engine';
import { startAppServer, type AppServer } from './support/app-server';

const STANDIN = join(resolve(__dirname, '..'), 'test-support', 'flowise-standin.sh');

test.describe('Agents page', () => {
  test.skip(!engineWithTestImage(), 'no engine with the local test image');
  const project = `sutazai-e2e-agents-${process.pid}`;
  let app: AppServer;

  test.beforeAll(async () => {
    // A container speaking Flowise's prediction API, labelled as the stack's flowise service.
    execFileSync('docker', [
      'run',
      '-d',
      '--name',
      `${project}-flowise`,
      '-p',
      '127.0.0.1::3000',
      '-v',
      `${STANDIN}:/standin.sh:ro`,
      '--label',
      `com.docker.compose.project=${project}`,
      '--label',
      'com.docker.compose.service=flowise',
      '--label',
      'ai.sutazai.category=agents',
      '--label',
      'ai.sutazai.tier=optional',
      '--label',
      'ai.sutazai.description=Flowise stand-in',
      TEST_IMAGE,
      'nc',
      '-ll',
      '-p',
      '3000',
      '-e',
      '/standin.sh',
    ]);
    app = await startAppServer({ args: ['--project', project] });
  });

  test.afterAll(async () => {
    await app?.stop();
    execFileSync('docker', ['rm', '-f', `${project}-flowise`], { stdio: 'ignore' });
  });

  test('lists the stack’s agent platform and shows the reply to a prompt', async ({ page }) => {
    const agents = new AgentsPage(page);
    await agents.open(app.url);
    const card = agents.agent('flowise');
    await expect(card).toContainText('running');
    await card.getByRole('button', { name: 'Send' }).isDisabled();
    await card.getByLabel('Prompt for flowise').fill('What is running?');
    await card.getByRole('button', { name: 'Send' }).click();
    await expect(card.getByText('Flowise needs a chatflow id', { exact: false })).toBeVisible();
    await card.getByLabel('chatflow id').fill('demo-flow');
    await card.getByRole('button', { name: 'Send' }).click();
    await expect(card.getByTestId('agent-reply')).toContainText(
      'chatflow demo-flow received {"question":"What is running?"}',
    );
    const api = await page.request.get(`${app.origin}/api/v1/agents`, {
      headers: { Authorization: `Bearer ${app.token}` },
    });
    const listed = (await api.json()) as { service: string; platform: string; state: string }[];
    expect(listed.map((a) => a.service)).toEqual(['flowise']);
    expect(listed[0]).toMatchObject({ platform: 'flowise', state: 'running' });
    const doc = await page.request.get(`${app.origin}/api/v1/openapi.json`, {
      headers: { Authorization: `Bearer ${app.token}` },
    });
    expect(openApiChecker(await doc.json()).errors('GET', '/api/v1/agents', 200, 'application/json', listed)).toEqual(
      [],
    );
  });
});
