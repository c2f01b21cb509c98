import { createReadStream, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnapshotProgress } from '../../src-shared/api';
import { cleanupTestObjects, testName } from '../../test-support/engine';
import { serviceImagesEngine } from '../../test-support/service-images';
import { freePort, snapshotHarness, writeSnapshotProject } from '../../test-support/snapshot-stack';
import { MemoryGuard } from '../guard';
import { Supervisor } from '../supervisor';
import { execText } from './exec-stream';

const engine = await serviceImagesEngine();

/** The text files of a tar.gz archive, by name. */
async function archiveFiles(file: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const reader = extract();
  reader.on('entry', (header, body, next) => {
    const chunks: Buffer[] = [];
    body.on('data', (c: Buffer) => chunks.push(c));
    body.on('end', () => {
      if (header.type === 'file') files.set(header.name.replace(/^\.\//, ''), Buffer.concat(chunks).toString('utf8'));
      next();
    });
  });
  await pipeline(createReadStream(file), createGunzip(), reader);
  return files;
}

/** Every line `record N <md5 of "record-N">`, numbered 1, 2, 3… with no gap and no torn line. */
function checkRecords(log: string): number {
  const lines = log.split('\n').filter(Boolean);
  lines.forEach((line, i) => expect(line).toMatch(new RegExp(`^record ${i + 1} [0-9a-f]{32}$`)));
  return lines.length;
}

describe.skipIf(!engine.available)(
  'a snapshot of a running stack (real PostgreSQL, Redis and busybox services)',
  () => {
    const docker = engine.docker;
    const run = testName('snapcreate');
    const project = run.replace(/[^a-z0-9-]/g, '');
    const templates = mkdtempSync(join(tmpdir(), 'sutazai-snap-templates-'));
    let h: ReturnType<typeof snapshotHarness>;
    let supervisor: Supervisor;
    let guard: MemoryGuard;
    const progress: SnapshotProgress[] = [];
    const container = async (service: string) =>
      (
        await docker.listContainers({
          all: true,
          filters: JSON.stringify({
            label: [`com.docker.compose.project=${project}`, `com.docker.compose.service=${service}`],
          }),
        })
      )[0]!;

    beforeAll(async () => {
      writeSnapshotProject(templates, await freePort());
      h = snapshotHarness(docker, { project, templatesDir: templates, run });
      h.snapshots.onProgress((p) => progress.push(p));
      const report = await h.stack.up(undefined, true);
      expect(report.error).toBeUndefined();
      const psql = await execText(docker, (await container('db')).Id, {
        cmd: [
          'psql',
          '-U',
          'app',
          '-d',
          'app',
          '-c',
          'create table t (id int primary key, v text); insert into t select g, md5(g::text) from generate_series(1, 500) g',
        ],
      });
      expect(psql.exitCode).toBe(0);
      supervisor = new Supervisor({
        docker,
        project,
        events: h.events,
        holds: h.holds,
        policy: { baseMs: 100, capMs: 1000, jitter: 0, maxRestarts: 5, windowMs: 600_000 },
      });
      supervisor.start();
      guard = new MemoryGuard({
        docker,
        projects: () => [{ name: project, defaultTier: 'core' }],
        events: h.events,
        holds: h.holds,
        budgetBytes: 64 * 1024 ** 3,
      });
      guard.start();
      // Let the writer write a while.
      await new Promise((r) => setTimeout(r, 1500));
    }, 600_000);

    afterAll(async () => {
      supervisor?.dispose();
      guard?.dispose();
      await h?.stack.down(undefined, true).catch(() => undefined);
      await cleanupTestObjects(docker, run);
      rmSync(templates, { recursive: true, force: true });
      if (h) rmSync(h.home, { recursive: true, force: true });
    }, 120_000);

    it("shows each service's method before it starts: database tools where the image has them, else a stop with its dependents", async () => {
      const plan = await h.snapshots.plan();
      const by = Object.fromEntries(plan.services.map((s) => [s.service, s]));
      expect(by.db).toMatchObject({ method: 'pg_dumpall', stops: [] });
      expect(by.cache).toMatchObject({ method: 'redis-bgsave', stops: [] });
      expect(by.files).toMatchObject({ method: 'stop', stops: ['reader', 'files'] });
      expect(by.files!.reason).toMatch(/after reader \(it depends on it/);
      expect(by.reader).toBeUndefined();
      expect(plan.helperImage.present).toBe(true);
      expect(by.files!.volumes[0]!.sizeBytes).toBeGreaterThan(1024 * 1024);
      const live = await h.snapshots.plan({ methods: { files: 'live', db: 'stop' } });
      expect(live.services.find((s) => s.service === 'files')!.method).toBe('live');
      expect(live.services.find((s) => s.service === 'db')!.method).toBe('stop');
    });

    it('captures every volume consistently while the supervisor and the guard run, and starts what it stopped again', async () => {
      const filesBefore = await container('files');
      const summary = await h.snapshots.create({ label: 'before the upgrade' });
      expect(summary.services).toEqual([
        { service: 'cache', method: 'redis-bgsave' },
        { service: 'db', method: 'pg_dumpall' },
        { service: 'files', method: 'stop' },
      ]);
      const dir = join(summary.folder, summary.id);
      expect(readdirSync(summary.folder)).toEqual([summary.id]);
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      // The files log in the archive: whole records, no gap, as the writer left them when it was stopped.
      const filesEntry = manifest.volumes.find((v: { key: string }) => v.key === 'files_data');
      const archived = await archiveFiles(join(dir, filesEntry.archives[0].file));
      const records = checkRecords(archived.get('log')!);
      expect(records).toBeGreaterThan(5);
      expect(filesEntry.root).toMatchObject({ mode: expect.any(Number) });
      // Started again, ready, and writing on from where it stopped.
      await new Promise((r) => setTimeout(r, 1000));
      const files = await container('files');
      expect(files.State).toBe('running');
      expect(files.Id).toBe(filesBefore.Id);
      expect((await container('reader')).State).toBe('running');
      const log = (await execText(docker, files.Id, { cmd: ['cat', '/data/log'] })).stdout;
      expect(checkRecords(log)).toBeGreaterThan(records);
      // The supervisor saw the stops and restarts and did nothing: no restart, no crash, no count.
      const kinds = h.seen.filter((e) => e.project === project).map((e) => `${e.kind} ${e.service}`);
      expect(kinds.filter((k) => /^(crashed|restart-scheduled|restarted|crash-loop|guard-stop) /.test(k))).toEqual([]);
      expect(kinds).toContain('maintenance files');
      expect(kinds).toContain('snapshot-created ');
      expect(supervisor.status().filter((s) => s.restarts > 0)).toEqual([]);
      const maintenance = h.seen.filter((e) => e.kind === 'maintenance').map((e) => e.message);
      expect(maintenance[0]).toBe(`stopped reader for snapshot ${summary.id}`);
      expect(maintenance[1]).toBe(`stopped files for snapshot ${summary.id}`);
      expect(maintenance[2]).toMatch(
        new RegExp(`^started files again after snapshot ${summary.id} \\(down \\d+\\.\\d s\\)$`),
      );
      expect(maintenance[3]).toMatch(/^started reader again/);
      // Holds are released: nothing is held now.
      expect(h.holds.heldAt(project, 'files')).toBeUndefined();
      // Progress went through the phases, in bytes.
      const phases = [...new Set(progress.map((p) => p.phase))];
      expect(phases).toEqual(
        expect.arrayContaining(['planning', 'configuration', 'capturing', 'stopping', 'finishing', 'done']),
      );
      expect(progress.at(-1)).toMatchObject({ phase: 'done', operation: 'create', snapshotId: summary.id });
    });

    it('writes a manifest with images, digests, checksums and sizes, private files, and verifies', async () => {
      const [summary] = h.snapshots.list();
      const dir = join(summary!.folder, summary!.id);
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      expect(manifest).toMatchObject({
        format: 1,
        project,
        label: 'before the upgrade',
        trigger: 'manual',
        appVersion: '0.1.0',
      });
      const db = manifest.services.find((s: { service: string }) => s.service === 'db');
      expect(db.image).toBe('sutazai-test/postgres:15-debian');
      expect(db.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(manifest.config.secrets).toMatchObject({
        file: 'config/stack.env',
        encrypted: false,
        names: ['POSTGRES_PASSWORD', 'REDIS_PASSWORD'],
      });
      expect(readFileSync(join(dir, 'config/stack.env'), 'utf8')).toBe(readFileSync(join(h.home, 'stack.env'), 'utf8'));
      expect(statSync(join(dir, 'config/stack.env')).mode & 0o777).toBe(0o600);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(manifest.config.templates.files).toEqual(['compose.yml']);
      const pg = manifest.volumes.find((v: { key: string }) => v.key === 'db_data');
      expect(pg).toMatchObject({ method: 'pg_dumpall', service: 'db', mountPath: '/var/lib/postgresql/data' });
      expect(pg.archives[0]).toMatchObject({ kind: 'sql.gz', file: 'services/db/pg_dumpall.sql.gz' });
      const sql = await new Promise<string>((resolve, reject) => {
        const chunks: Buffer[] = [];
        createReadStream(join(dir, pg.archives[0].file))
          .pipe(createGunzip())
          .on('data', (c: Buffer) => chunks.push(c))
          .on('end', () => resolve(Buffer.concat(chunks).toString()))
          .on('error', reject);
      });
      expect(sql).toMatch(/PostgreSQL database cluster dump/);
      expect(sql).toMatch(/COPY public\.t \(id, v\) FROM stdin;/);
      const redis = manifest.volumes.find((v: { key: string }) => v.key === 'cache_data');
      const redisFiles = await archiveFiles(join(dir, redis.archives[0].file));
      expect([...redisFiles.keys()]).toEqual(
        expect.arrayContaining(['dump.rdb', 'appendonlydir/appendonly.aof.manifest']),
      );
      const report = await h.snapshots.verify(summary!.id);
      expect(report.ok).toBe(true);
      expect(report.files.map((f) => f.file).sort()).toEqual(
        [
          'config/stack.env',
          'config/templates.tar.gz',
          'services/db/pg_dumpall.sql.gz',
          'volumes/cache_data.tar.gz',
          'volumes/files_data.tar.gz',
        ].sort(),
      );
      expect(h.snapshots.list()[0]!.verified).toMatchObject({ ok: true });
      // Redis's automatic AOF rewrites were put back.
      const cache = await container('cache');
      expect(
        (await execText(docker, cache.Id, { cmd: ['redis-cli', 'CONFIG', 'GET', 'auto-aof-rewrite-percentage'] }))
          .stdout,
      ).toMatch(/100/);
    });

    it('seals stack.env with a passphrase, and a cancelled snapshot leaves nothing and every service running', async () => {
      const sealed = await h.snapshots.create({ passphrase: 'correct horse battery', methods: { files: 'live' } });
      const dir = join(sealed.folder, sealed.id);
      expect(sealed.secretsEncrypted).toBe(true);
      const text = readFileSync(join(dir, 'config/stack.env.sealed'), 'utf8');
      const secrets = readFileSync(join(h.home, 'stack.env'), 'utf8');
      for (const value of secrets
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => l.split('=')[1]!))
        expect(text).not.toContain(value);
      expect(JSON.parse(text)).toMatchObject({ format: 'sutazai-secrets/1', kdf: 'scrypt' });
      const before = readdirSync(sealed.folder).sort();
      const cancel = h.snapshots.onProgress((p) => {
        if (p.phase === 'capturing' && p.service === 'files') h.snapshots.cancel(p.operationId);
      });
      await expect(h.snapshots.create({ methods: { files: 'stop' } })).rejects.toThrow(
        'The snapshot was cancelled; nothing was kept',
      );
      cancel.dispose();
      expect(readdirSync(sealed.folder).sort()).toEqual(before);
      for (const s of ['db', 'cache', 'files', 'reader']) expect((await container(s)).State).toBe('running');
      expect(h.seen.some((e) => e.kind === 'snapshot-cancelled')).toBe(true);
    });
  },
);
