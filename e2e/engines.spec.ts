import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnginesPage } from './pages/engines-page';
import { engineWithTestImage } from './support/engine';
import { startAppServer, type AppServer } from './support/app-server';

test.describe('Engines page', () => {
  test.skip(!engineWithTestImage(), 'no engine with the local test image');
  const dockerConfig = mkdtempSync(join(tmpdir(), 'sutazai-e2e-docker-'));
  let app: AppServer;

  test.beforeAll(async () => {
    // A docker context whose engine does not answer (nothing listens on port 1).
    const id = createHash('sha256').update('lab').digest('hex');
    mkdirSync(join(dockerConfig, 'contexts', 'meta', id), { recursive: true });
    writeFileSync(
      join(dockerConfig, 'contexts', 'meta', id, 'meta.json'),
      JSON.stringify({ Name: 'lab', Endpoints: { docker: { Host: 'ssh://me@127.0.0.1:1' } } }),
    );
    app = await startAppServer({ env: { DOCKER_CONFIG: dockerConfig, DOCKER_CONTEXT: 'default' } });
  });

  test.afterAll(async () => {
    await app?.stop();
    rmSync(dockerConfig, { recursive: true, force: true });
  });

  test('shows the local engine as the docker CLI sees it, imports a context and says why it does not answer', async ({
    page,
  }) => {
    const engines = new EnginesPage(page);
    await engines.open(app.url);
    const version = execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], { encoding: 'utf8' }).trim();
    const local = engines.engine('local');
    await expect(local).toContainText('current');
    await expect(local).toContainText(`Docker ${version}`);
    await expect(page.getByTestId('host-figures-source')).toHaveText('Figures read on this machine.');

    await page.getByRole('button', { name: 'Import docker contexts' }).click();
    await expect(page.getByRole('status')).toHaveText('Imported lab');
    const lab = engines.engine('lab');
    await expect(lab).toContainText('docker context');
    await expect(lab).toContainText('unreachable');
    await expect(lab).toContainText('ECONNREFUSED');
    await expect(lab).toContainText('docker system dial-stdio');

    page.once('dialog', (d) => void d.accept());
    await lab.getByRole('button', { name: 'Remove' }).click();
    await expect(lab).toHaveCount(0);
  });

  test('refuses an engine reached over plain TCP from another machine, saying what to give', async ({ page }) => {
    const engines = new EnginesPage(page);
    await engines.open(app.url);
    const form = engines.addForm;
    await form.getByLabel('Name').fill('farm');
    await form.getByLabel('Address').fill('tcp://203.0.113.9:2375');
    await form.getByRole('button', { name: 'Add' }).click();
    await expect(form.getByRole('alert')).toContainText('without TLS');
    await expect(form.getByRole('alert')).toContainText('Give the CA and the client certificate and key');
    await expect(engines.engine('farm')).toHaveCount(0);
  });
});
