import { spawn, execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SNAPSHOT_ID } from '../../src-shared/api/features/snapshot-model';
import { cleanupTestObjects, testEngine, testName, TEST_IMAGE } from '../../test-support/engine';
import { StackService } from '../stack';
import { execText } from './exec-stream';

const engine = await testEngine();
const ROOT = join(__dirname, '..', '..');
const CLI = ['--import', 'tsx', join(ROOT, 'src-main', 'cli', 'main.ts')];

/**
 * `kill -9` of the CLI in the middle of a snapshot and of a restore, on the real engine: the process
 * is a child of the test, killed when its own progress says it is there.
 */
describe.skipIf(!engine.available)('kill -9 in the middle: the next start leaves nothing half done', () => {
  const docker = engine.docker;
  const run = testName('snapkill');
  const project = run.replace(/[^a-z0-9-]/g, '');
  const home = mkdtempSync(join(tmpdir(), 'sutazai-snapkill-home-'));
  const templates = mkdtempSync(join(tmpdir(), 'sutazai-snapkill-templates-'));
  const env = { ...process.env, SUTAZAI_HOME: home, SUTAZAI_SNAPSHOT_HELPER: TEST_IMAGE };
  const stack = new StackService({ docker, home, templatesDir: templates, project, env: {} });
  const common = ['--templates', templates, '--project', project];

  const sutazai = (args: string[]): Promise<{ code: number; out: string; err: string }> =>
    new Promise((resolve) =>
      execFile(process.execPath, [...CLI, ...args], { cwd: ROOT, env, timeout: 120_000 }, (error, out, err) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out, err }),
      ),
    );
  /** Runs the CLI and kills it with SIGKILL once a line of its output matches. */
  const killWhen = (args: string[], line: RegExp): Promise<string> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [...CLI, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`no line matched ${line} within 120 s:\n${out}`));
      }, 120_000);
      const check = (d: Buffer) => {
        out += d;
        if (line.test(out) && child.exitCode === null) {
          child.kill('SIGKILL');
          clearTimeout(timer);
        }
      };
      child.stdout.on('data', check);
      child.stderr.on('data', (d: Buffer) => (out += d));
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (signal === 'SIGKILL') resolve(out);
        else reject(new Error(`the CLI ended by itself (${code}) before it was killed:\n${out}`));
      });
    });
  const state = async (service: string) =>
    (
      await docker.listContainers({
        all: true,
        filters: JSON.stringify({
          label: [`com.docker.compose.project=${project}`, `com.docker.compose.service=${service}`],
        }),
      })
    )[0]!;
  const helpers = async () =>
    docker.listContainers({ all: true, filters: JSON.stringify({ label: [`ai.sutazai.snapshot.helper=${project}`] }) });

  beforeAll(async () => {
    const writer =
      "[ -f /data/blob ] || dd if=/dev/urandom of=/data/blob bs=1M count=96 2>/dev/null; sha256sum /data/blob > /data/blob.sha; trap 'exit 0' TERM; while true; do sleep 1; done";
    writeFileSync(
      join(templates, 'compose.yml'),
      JSON.stringify({
        services: {
          files: {
            image: TEST_IMAGE,
            command: ['sh', '-c', writer.replace(/\$/g, '$$$$')],
            volumes: ['files_data:/data'],
            labels: { 'ai.sutazai.test': run },
          },
          reader: {
            image: TEST_IMAGE,
            command: ['sh', '-c', "trap 'exit 0' TERM; while true; do sleep 1; done"],
            depends_on: ['files'],
            labels: { 'ai.sutazai.test': run },
          },
        },
        volumes: { files_data: {} },
      }),
    );
    expect((await stack.up(undefined, true)).error).toBeUndefined();
    for (
      let i = 0;
      i < 100 && !(await execText(docker, (await state('files')).Id, { cmd: ['cat', '/data/blob.sha'] })).stdout;
      i++
    )
      await new Promise((r) => setTimeout(r, 200));
  }, 300_000);

  afterAll(async () => {
    await stack.down(undefined, true).catch(() => undefined);
    await cleanupTestObjects(docker, run);
    for (const h of await helpers())
      await docker
        .getContainer(h.Id)
        .remove({ force: true, v: true })
        .catch(() => undefined);
    rmSync(home, { recursive: true, force: true });
    rmSync(templates, { recursive: true, force: true });
  }, 120_000);

  it('a snapshot killed while it has a service stopped: nothing looks complete, and the next start brings the service back', async () => {
    const out = await killWhen(['snapshot', 'create', ...common], /^capturing\s+files/m);
    expect(out).toMatch(/^stopping\s+files: stopping reader, files$/m);
    // Killed in the stop window: both services are down, a partial folder and a helper are left.
    expect((await state('files')).State).toBe('exited');
    expect((await state('reader')).State).toBe('exited');
    const folder = join(home, 'snapshots');
    const left = readdirSync(folder);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(/^\.partial-/);
    expect(left.some((n) => SNAPSHOT_ID.test(n))).toBe(false);
    expect(existsSync(join(folder, left[0]!, 'manifest.json'))).toBe(false);
    // The next start (any snapshot command here; the desktop app and `sutazai serve` do the same).
    const next = await sutazai(['snapshot', 'list', '--json', ...common]);
    expect(next.code).toBe(0);
    expect(JSON.parse(next.out)).toEqual([]);
    expect(next.err).toMatch(/snapshot .* did not finish \(its process ended\); its unfinished folder was removed/);
    expect(next.err).toMatch(/started files again: snapshot .* stopped it and ended without finishing/);
    expect(next.err).toMatch(/started reader again/);
    expect((await state('files')).State).toBe('running');
    expect((await state('reader')).State).toBe('running');
    expect(readdirSync(folder)).toEqual([]);
    expect(await helpers()).toEqual([]);
    expect(readdirSync(join(home, 'maintenance', 'holds'))).toEqual([]);
    // And a snapshot then completes.
    const again = await sutazai(['snapshot', 'create', '--json', ...common]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out).services).toEqual([{ service: 'files', method: 'stop' }]);
  }, 300_000);

  it('a restore killed while it swaps volumes is finished by the next start, with every service running', async () => {
    const [snapshot] = JSON.parse((await sutazai(['snapshot', 'list', '--json', ...common])).out) as { id: string }[];
    const files = async () => (await state('files')).Id;
    const sha = (await execText(docker, await files(), { cmd: ['cat', '/data/blob.sha'] })).stdout;
    await execText(docker, await files(), {
      cmd: ['sh', '-c', 'dd if=/dev/urandom of=/data/blob bs=1M count=8 2>/dev/null; echo later > /data/later'],
    });
    const out = await killWhen(['snapshot', 'restore', snapshot!.id, '--yes', ...common], /^swapping\s/m);
    expect(out).toMatch(/^stopping\s+files: stopping files$/m);
    expect(existsSync(join(home, 'maintenance', `restore-${project}.json`))).toBe(true);
    const next = await sutazai(['snapshot', 'list', ...common]);
    expect(next.code).toBe(0);
    expect(next.err).toMatch(
      new RegExp(
        `the restore of ${snapshot!.id} was interrupted; it was finished \\(volumes ${project}_files_data\\) and 2 services started again`,
      ),
    );
    expect((await state('files')).State).toBe('running');
    expect((await state('reader')).State).toBe('running');
    const now = await execText(docker, await files(), { cmd: ['sh', '-c', 'sha256sum /data/blob; ls -a /data'] });
    expect(now.stdout).toContain(sha.trim());
    expect(now.stdout).not.toContain('later');
    expect(now.stdout).not.toContain('sutazai-previous');
    const staging = await docker.listVolumes({
      filters: JSON.stringify({ label: [`ai.sutazai.snapshot.helper=${project}`] }),
    });
    expect(staging.Volumes ?? []).toEqual([]);
    expect(existsSync(join(home, 'maintenance', `restore-${project}.json`))).toBe(false);
  }, 300_000);
});
