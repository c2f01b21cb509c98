import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnapshotManifest, SnapshotSummary } from '../../src-shared/api';
import { cleanupTestObjects, testName } from '../../test-support/engine';
import { serviceImagesEngine } from '../../test-support/service-images';
import { freePort, snapshotHarness, writeSnapshotProject } from '../../test-support/snapshot-stack';
import { execText } from './exec-stream';

const engine = await serviceImagesEngine();

describe.skipIf(!engine.available)(
  'restore: data with known checksums round-trips, a damaged snapshot changes nothing',
  () => {
    const docker = engine.docker;
    const run = testName('snaprestore');
    const project = run.replace(/[^a-z0-9-]/g, '');
    const templates = mkdtempSync(join(tmpdir(), 'sutazai-snap-templates-'));
    let h: ReturnType<typeof snapshotHarness>;
    let snapshot: SnapshotSummary;
    const container = async (service: string) =>
      (
        await docker.listContainers({
          all: true,
          filters: JSON.stringify({
            label: [`com.docker.compose.project=${project}`, `com.docker.compose.service=${service}`],
          }),
        })
      )[0]!;
    const sh = async (service: string, script: string) => {
      const r = await execText(docker, (await container(service)).Id, { cmd: ['sh', '-c', script] });
      if (r.exitCode !== 0) throw new Error(`${service}: ${script}: ${r.stderr}`);
      return r.stdout.trim();
    };
    const sql = (q: string) => sh('db', `psql -U app -d app -tAc "${q}"`);
    /** What the test compares before and after: checksums of the data in each service. */
    const fingerprint = async () => ({
      table: await sql("select count(*) || ' ' || md5(string_agg(v, ',' order by id)) from t"),
      roles: await sql(
        "select string_agg(rolname, ',' order by rolname) from pg_roles where rolname in ('reporter', 'app')",
      ),
      keys: await sh('cache', 'redis-cli MGET k1 k100 k200 | tr "\\n" " "'),
      blob: await sh('files', 'sha256sum /data/blob | cut -c1-64'),
      extra: await sh('files', 'ls /data'),
    });
    let before: Awaited<ReturnType<typeof fingerprint>>;

    beforeAll(async () => {
      writeSnapshotProject(templates, await freePort(), { blobMiB: 8 });
      h = snapshotHarness(docker, { project, templatesDir: templates, run });
      const report = await h.stack.up(undefined, true);
      expect(report.error).toBeUndefined();
      await sql(
        "create table t (id int primary key, v text); insert into t select g, md5(g::text) from generate_series(1, 1000) g; create table w (id int primary key); create role reporter login password 'r'",
      );
      await sh(
        'cache',
        'i=1; while [ $i -le 200 ]; do echo "SET k$i value-$i"; i=$((i+1)); done | redis-cli > /dev/null',
      );
      before = await fingerprint();
      // Writers that go on during the snapshot: consecutive ids in PostgreSQL, a growing list in Redis.
      for (const [service, loop] of [
        ['db', 'i=0; while true; do i=$((i+1)); psql -U app -d app -qc "insert into w values ($i)" || exit 0; done'],
        ['cache', 'i=0; while true; do i=$((i+1)); redis-cli RPUSH live $i > /dev/null || exit 0; done'],
      ] as const) {
        const e = await docker.getContainer((await container(service)).Id).exec({ Cmd: ['bash', '-c', loop] });
        await e.start({ Detach: true });
      }
      await new Promise((r) => setTimeout(r, 1500));
      snapshot = await h.snapshots.create();
    }, 600_000);

    afterAll(async () => {
      await h?.stack.down(undefined, true).catch(() => undefined);
      await cleanupTestObjects(docker, run);
      rmSync(templates, { recursive: true, force: true });
      if (h) rmSync(h.home, { recursive: true, force: true });
    }, 120_000);

    it("shows what it would overwrite, then puts every service's data back exactly", async () => {
      expect(snapshot.services.map((s) => s.method)).toEqual(['redis-bgsave', 'pg_dumpall', 'stop']);
      await sql("delete from t where id > 10; insert into t values (5000, 'later'); drop role reporter");
      await sh('cache', 'redis-cli FLUSHALL > /dev/null; redis-cli SET k1 changed > /dev/null');
      await sh('files', 'rm /data/blob; echo later > /data/later');
      expect(await fingerprint()).not.toEqual(before);

      await expect(h.snapshots.restore({ id: snapshot.id, confirmToken: 'not-shown' })).rejects.toThrow(
        'This restore was not confirmed',
      );
      const plan = await h.snapshots.restorePlan(snapshot.id);
      expect(plan.volumes.map((v) => [v.key, v.method])).toEqual([
        ['cache_data', 'redis-bgsave'],
        ['db_data', 'pg_dumpall'],
        ['files_data', 'stop'],
      ]);
      for (const v of plan.volumes) {
        expect(v.currentBytes).toBeGreaterThan(0);
        expect(Date.parse(v.lastChangedAt!)).toBeGreaterThanOrEqual(Date.parse(snapshot.createdAt) - 2000);
      }
      expect(plan.stops).toEqual(['cache', 'db', 'files', 'reader']);
      expect(plan).toMatchObject({ secrets: 'same', override: 'none', warnings: [], needsPassphrase: false });

      const report = await h.snapshots.restore({ id: snapshot.id, confirmToken: plan.confirmToken });
      expect(report.started.map((s) => [s.service, s.ready])).toEqual([
        ['cache', true],
        ['db', true],
        ['files', true],
        ['reader', true],
      ]);
      const after = await fingerprint();
      expect(after).toEqual({ ...before, extra: expect.not.stringContaining('later') });
      expect(after.extra.split('\n')).not.toContain('later');
      // The writers' data is a consistent prefix: every id from 1 to the last, nothing torn.
      const [count, max] = (await sql('select count(*), coalesce(max(id), 0) from w')).split('|').map(Number);
      expect(count).toBeGreaterThan(0);
      expect(count).toBe(max);
      const live = (await sh('cache', 'redis-cli LRANGE live 0 -1')).split('\n').map(Number);
      expect(live.length).toBeGreaterThan(0);
      expect(live).toEqual(live.map((_v, i) => i + 1));
      // Nothing left behind: no staging volume, no previous contents inside the volumes, no hold.
      const staging = await docker.listVolumes({
        filters: JSON.stringify({ label: [`ai.sutazai.snapshot.helper=${project}`] }),
      });
      expect(staging.Volumes ?? []).toEqual([]);
      expect(await sh('files', 'ls -a /data')).not.toMatch(/sutazai-previous/);
      expect(h.holds.heldAt(project, 'db')).toBeUndefined();
      expect(h.seen.filter((e) => e.kind === 'snapshot-restored').map((e) => e.message)).toEqual([
        `restored ${snapshot.id} into ${project}`,
      ]);
    });

    it('names what differs in a snapshot from another app version, other images and other templates', async () => {
      const manifestFile = join(snapshot.folder, snapshot.id, 'manifest.json');
      const original = readFileSync(manifestFile, 'utf8');
      const added = join(templates, 'notes.txt');
      try {
        const m = JSON.parse(original) as SnapshotManifest;
        m.appVersion = '0.0.9';
        const db = m.services.find((s) => s.service === 'db')!;
        const imageThen = db.imageId;
        db.imageId = `sha256:${'0'.repeat(64)}`;
        writeFileSync(manifestFile, JSON.stringify(m, null, 2));
        writeFileSync(added, 'written after the snapshot\n');

        const plan = await h.snapshots.restorePlan(snapshot.id);
        expect(plan.warnings).toEqual([
          'made by version 0.0.9 of the app; this is 0.1.0',
          `db: the snapshot was taken with ${db.image} (000000000000), the stack now runs ${db.image} (${imageThen.replace(/^sha256:/, '').slice(0, 12)})`,
          'templates changed since the snapshot: notes.txt (added)',
        ]);
      } finally {
        writeFileSync(manifestFile, original);
        rmSync(added, { force: true });
      }
      expect((await h.snapshots.restorePlan(snapshot.id)).warnings).toEqual([]);
    });

    it('refuses a snapshot whose archive was changed, naming it, and touches nothing', async () => {
      const file = join(snapshot.folder, snapshot.id, 'volumes', 'files_data.tar.gz');
      const fd = openSync(file, 'r+');
      const byte = Buffer.alloc(1);
      readSync(fd, byte, 0, 1, 4096);
      writeSync(fd, Buffer.from([byte[0]! ^ 0xff]), 0, 1, 4096);
      closeSync(fd);
      const report = await h.snapshots.verify(snapshot.id);
      expect(report.ok).toBe(false);
      expect(report.files.filter((f) => !f.ok)).toEqual([
        {
          file: 'volumes/files_data.tar.gz',
          ok: false,
          problem: expect.stringMatching(/^SHA-256 [0-9a-f]{12}… where the manifest says [0-9a-f]{12}…$/),
        },
      ]);
      await sql('delete from t where id = 1');
      const state = async () =>
        Promise.all(
          ['db', 'cache', 'files', 'reader'].map(
            async (s) => (await docker.getContainer((await container(s)).Id).inspect()).State.StartedAt,
          ),
        );
      const started = await state();
      const data = await fingerprint();
      const plan = await h.snapshots.restorePlan(snapshot.id);
      await expect(h.snapshots.restore({ id: snapshot.id, confirmToken: plan.confirmToken })).rejects.toThrow(
        /failed verification: volumes\/files_data\.tar\.gz: SHA-256 .* Nothing was changed\./,
      );
      expect(await state()).toEqual(started);
      expect(await fingerprint()).toEqual(data);
      expect(h.snapshots.list()[0]!.verified).toMatchObject({ ok: false });
      expect(h.seen.at(-1)).toMatchObject({ kind: 'snapshot-restore-failed', severity: 'critical' });
    });
  },
);
