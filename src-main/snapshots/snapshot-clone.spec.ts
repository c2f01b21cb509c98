import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnapshotSummary } from '../../src-shared/api';
import { cleanupTestObjects, testName } from '../../test-support/engine';
import { serviceImagesEngine } from '../../test-support/service-images';
import { freePort, snapshotHarness, writeSnapshotProject } from '../../test-support/snapshot-stack';
import { StackService } from '../stack';
import { execText } from './exec-stream';

const engine = await serviceImagesEngine();

describe.skipIf(!engine.available)('clone: a snapshot runs beside the stack, on other ports', () => {
  const docker = engine.docker;
  const run = testName('snapclone');
  const project = run.replace(/[^a-z0-9-]/g, '');
  const cloneProject = `${project}-clone`;
  const templates = mkdtempSync(join(tmpdir(), 'sutazai-snap-templates-'));
  let h: ReturnType<typeof snapshotHarness>;
  let snapshot: SnapshotSummary;
  let filesPort = 0;
  const container = async (p: string, service: string) =>
    (
      await docker.listContainers({
        all: true,
        filters: JSON.stringify({
          label: [`com.docker.compose.project=${p}`, `com.docker.compose.service=${service}`],
        }),
      })
    )[0];
  const sql = async (p: string, q: string) =>
    (
      await execText(docker, (await container(p, 'db'))!.Id, { cmd: ['psql', '-U', 'app', '-d', 'app', '-tAc', q] })
    ).stdout.trim();

  beforeAll(async () => {
    filesPort = await freePort();
    writeSnapshotProject(templates, filesPort);
    h = snapshotHarness(docker, { project, templatesDir: templates, run });
    expect((await h.stack.up(undefined, true)).error).toBeUndefined();
    await sql(project, "create table t (id int primary key, v text); insert into t values (1, 'in the snapshot')");
    snapshot = await h.snapshots.create({ passphrase: 'a passphrase for the clone' });
    await sql(project, "insert into t values (2, 'after the snapshot')");
  }, 600_000);

  afterAll(async () => {
    await new StackService({
      docker,
      home: h.home,
      templatesDir: templates,
      project: cloneProject,
      env: {},
    }).orchestrator
      .down(cloneProject, { volumes: true })
      .catch(() => undefined);
    await h?.stack.down(undefined, true).catch(() => undefined);
    await cleanupTestObjects(docker, run);
    rmSync(templates, { recursive: true, force: true });
    if (h) rmSync(h.home, { recursive: true, force: true });
  }, 120_000);

  it("refuses a clone without the passphrase of its sealed stack.env, or under the stack's own name", async () => {
    await expect(h.snapshots.clone({ id: snapshot.id, project: cloneProject })).rejects.toThrow(
      `passphrase: ${snapshot.id} keeps stack.env encrypted`,
    );
    await expect(
      h.snapshots.clone({ id: snapshot.id, project: cloneProject, passphrase: 'not the passphrase' }),
    ).rejects.toThrow(`The passphrase does not open stack.env of ${snapshot.id}`);
    await expect(
      h.snapshots.clone({ id: snapshot.id, project, passphrase: 'a passphrase for the clone' }),
    ).rejects.toThrow('a clone needs a name of its own');
    expect(existsSync(join(h.home, 'clones', cloneProject))).toBe(false);
  });

  it("starts the snapshot's data as a project of its own on free ports while the stack keeps running", async () => {
    const report = await h.snapshots.clone({
      id: snapshot.id,
      project: cloneProject,
      passphrase: 'a passphrase for the clone',
    });
    expect(report.started.map((s) => [s.service, s.ready])).toEqual(
      expect.arrayContaining([
        ['db', true],
        ['cache', true],
        ['files', true],
        ['reader', true],
      ]),
    );
    expect(report.ports).toHaveLength(1);
    const move = report.ports[0]!;
    expect(move).toMatchObject({ service: 'files', containerPort: 80, protocol: 'tcp', from: filesPort });
    expect(move.to).toBeGreaterThan(filesPort);
    // The clone has the snapshot's data; the stack keeps what was written since.
    expect(await sql(cloneProject, "select string_agg(v, ',' order by id) from t")).toBe('in the snapshot');
    expect(await sql(project, "select string_agg(v, ',' order by id) from t")).toBe(
      'in the snapshot,after the snapshot',
    );
    // Both answer, each on its own port, each from its own volume.
    const original = await (await fetch(`http://127.0.0.1:${filesPort}/log.txt`)).text();
    const cloned = await (await fetch(`http://127.0.0.1:${move.to}/log.txt`)).text();
    expect(cloned.split('\n')[0]).toBe(original.split('\n')[0]);
    expect((await container(project, 'files'))!.State).toBe('running');
    // The clone's folder keeps its templates (with the moved port), stack.env (0600) and nothing of the stack's.
    expect(readFileSync(join(report.folder, 'templates', 'compose.yml'), 'utf8')).toContain(`127.0.0.1:${move.to}:80`);
    expect(readFileSync(join(report.folder, 'stack.env'), 'utf8')).toBe(
      readFileSync(join(h.home, 'stack.env'), 'utf8'),
    );
    const volumes = await docker.listVolumes({
      filters: JSON.stringify({ label: [`com.docker.compose.project=${cloneProject}`] }),
    });
    expect((volumes.Volumes ?? []).map((v) => v.Name).sort()).toEqual(
      [`${cloneProject}_cache_data`, `${cloneProject}_db_data`, `${cloneProject}_files_data`].sort(),
    );
    expect(h.seen.at(-1)).toMatchObject({ kind: 'snapshot-cloned' });
  });

  it('refuses a second clone under a name the engine already has', async () => {
    await expect(
      h.snapshots.clone({ id: snapshot.id, project: cloneProject, passphrase: 'a passphrase for the clone' }),
    ).rejects.toThrow(new RegExp(`Project ${cloneProject} already has \\d+ containers`));
  });
});
