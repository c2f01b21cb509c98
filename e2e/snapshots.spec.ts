import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, openSync, readdirSync, readSync, rmSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SnapshotsPage } from './pages/snapshots-page';
import { callApi, startAppServer, type AppServer } from './support/app-server';
import { engineWithTestImage, TEST_IMAGE } from './support/engine';

const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8' }).trim();

test.describe('Snapshots page', () => {
  test.skip(!engineWithTestImage(), 'no engine with the local test image');
  const project = `sutazai-e2e-snap-${process.pid}`;
  let app: AppServer;
  let dir: string;
  const files = () =>
    docker(
      'ps',
      '-q',
      '--filter',
      `label=com.docker.compose.project=${project}`,
      '--filter',
      'label=com.docker.compose.service=files',
    );

  test.beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sutazai-e2e-snap-'));
    writeFileSync(
      join(dir, 'compose.yml'),
      `services:
  files:
    image: ${TEST_IMAGE}
    command: ["sh", "-c", "[ -f /data/kept ] || echo kept > /data/kept; trap 'exit 0' TERM; while true; do sleep 1; done"]
    volumes: ["files_data:/data"]
    stop_grace_period: 2s
volumes:
  files_data: {}
`,
    );
    app = await startAppServer({
      args: ['--templates', dir, '--project', project],
      env: { SUTAZAI_SNAPSHOT_HELPER: TEST_IMAGE },
    });
    await callApi(app.origin, app.token, 'stack:up', { profiles: ['*'], wait: true });
  });

  test.afterAll(async () => {
    await app?.stop();
    const ids = docker('ps', '-aq', '--filter', `label=com.docker.compose.project=${project}`);
    if (ids) docker('rm', '-f', ...ids.split('\n'));
    for (const args of [
      ['volume', 'rm', `${project}_files_data`],
      ['network', 'rm', `${project}_default`],
    ]) {
      try {
        docker(...args);
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });

  test('shows the method per service, takes a snapshot with progress, verifies, restores after showing what it overwrites, and deletes', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const snapshots = new SnapshotsPage(page);
    await snapshots.open(app.url);
    await expect(snapshots.list).toContainText('No snapshots yet.');
    await snapshots.create.getByRole('button', { name: 'Show what it captures' }).click();
    const row = snapshots.create.getByTestId('plan-row');
    await expect(row).toContainText('files');
    await expect(row.getByTestId('plan-method')).toHaveText('stop');
    await expect(row).toContainText('stopped while its volumes are archived');
    await snapshots.create.getByPlaceholder('before the upgrade').fill('from the page');
    await snapshots.create.getByRole('button', { name: 'Start snapshot' }).click();
    await expect(snapshots.create.getByTestId('created')).toContainText('is complete', { timeout: 60_000 });
    await expect(snapshots.progress).toContainText('done');
    await expect(snapshots.rows()).toHaveCount(1);
    const first = snapshots.rows().first();
    await expect(first).toContainText('from the page');
    await expect(first).toContainText('files stop');
    await expect(first.getByTestId('verified')).toHaveText('not yet');
    await first.getByRole('button', { name: 'Verify' }).click();
    await expect(first.getByTestId('verified')).toHaveText('verified');

    docker('exec', files(), 'sh', '-c', 'rm /data/kept; echo later > /data/later');
    await first.getByRole('button', { name: 'Restore…' }).click();
    await expect(snapshots.restore.getByTestId('restore-volume')).toContainText(`${project}_files_data`);
    await expect(snapshots.restore.getByTestId('restore-volume')).toContainText('last changed');
    await expect(snapshots.restore).toContainText('what was written to them since is lost');
    await expect(snapshots.restore).toContainText('Stopped meanwhile and started again: files');
    await snapshots.restore.getByRole('button', { name: 'Overwrite and restore' }).click();
    await expect(snapshots.restore.getByTestId('restored')).toContainText('files ready', { timeout: 60_000 });
    expect(docker('exec', files(), 'ls', '/data')).toBe('kept');

    // A damaged archive: Verify says which file and what to do.
    const id = (await first.getAttribute('data-id'))!;
    const archive = join(app.home, 'snapshots', id, 'volumes', 'files_data.tar.gz');
    const fd = openSync(archive, 'r+');
    const b = Buffer.alloc(1);
    readSync(fd, b, 0, 1, 20);
    writeSync(fd, Buffer.from([b[0]! ^ 0xff]), 0, 1, 20);
    closeSync(fd);
    await first.getByRole('button', { name: 'Verify' }).click();
    await expect(first.getByTestId('verified')).toHaveText('damaged');
    await expect(snapshots.list.getByRole('alert')).toContainText('volumes/files_data.tar.gz (SHA-256');

    await first.getByRole('button', { name: 'Delete…' }).click();
    await first.getByRole('button', { name: 'Delete it' }).click();
    await expect(snapshots.list).toContainText('No snapshots yet.');
    expect(readdirSync(join(app.home, 'snapshots'))).toEqual([]);
  });

  test('sets a schedule and shows its next run', async ({ page }) => {
    const snapshots = new SnapshotsPage(page);
    await snapshots.open(app.url);
    await snapshots.schedule.getByRole('checkbox', { name: 'take snapshots on a schedule' }).check();
    await snapshots.schedule.locator('input[type="time"]').fill('04:10');
    await snapshots.schedule.locator('input[type="number"]').fill('3');
    await snapshots.schedule.getByRole('button', { name: 'Save schedule' }).click();
    await expect(snapshots.schedule.getByTestId('schedule-next')).toContainText('Next:');
    const view = (await callApi(app.origin, app.token, 'snapshots:schedule', {})) as {
      settings: { enabled: boolean; time: string; keep: number };
    };
    expect(view.settings).toMatchObject({ enabled: true, time: '04:10', keep: 3 });
  });
});
