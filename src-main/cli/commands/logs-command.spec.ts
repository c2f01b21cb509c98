import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTestObjects, TEST_IMAGE, TEST_LABEL, testEngine, testName } from '../../../test-support/engine';

const engine = await testEngine();
const ROOT = join(__dirname, '..', '..', '..');
const CLI = ['--import', 'tsx', join(ROOT, 'src-main', 'cli', 'main.ts')];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function sutazai(args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...CLI, ...args], { cwd: ROOT, timeout: 20_000 }, (error, out, err) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out, err }),
    );
  });
}

describe.skipIf(!engine.available)('sutazai logs on the real engine', () => {
  const run = testName('logscli');
  const project = run.replace(/[^a-z0-9-]/g, '');
  const docker = engine.docker;

  const start = async (service: string, cmd: string[]): Promise<void> => {
    const c = await docker.createContainer({
      name: `${project}-${service}`,
      Image: TEST_IMAGE,
      Cmd: cmd,
      StopTimeout: 1,
      Labels: { [TEST_LABEL]: run, 'com.docker.compose.project': project, 'com.docker.compose.service': service },
      HostConfig: { LogConfig: { Type: 'json-file', Config: { 'max-size': '5m', 'max-file': '2' } } },
    });
    await c.start();
  };

  beforeAll(async () => {
    await start('web', [
      'sh',
      '-c',
      'i=1; while [ $i -le 5 ]; do echo "web line $i"; i=$((i+1)); done; exec sleep 300',
    ]);
    await start('db', ['sh', '-c', 'echo "db ready ✓"; exec sleep 300']);
    await start('flood', ['yes', 'flood line']);
    await sleep(1000);
  });

  afterAll(() => cleanupTestObjects(docker, run));

  it('prints the merged, prefixed lines of several services, plain when piped', async () => {
    const r = await sutazai(['logs', 'web', 'db', '--project', project]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).not.toContain('\u001b');
    expect(r.out).not.toContain('\r');
    const lines = r.out.trimEnd().split('\n');
    expect(lines).toContain('web | web line 1');
    expect(lines).toContain('web | web line 5');
    expect(lines).toContain('db  | db ready ✓');
    expect(lines).toHaveLength(6);
  });

  it('starts from the last lines with --tail', async () => {
    const r = await sutazai(['logs', 'web', '--tail', '2', '--project', project]);
    expect(r.out).toBe('web | web line 4\nweb | web line 5\n');
  });

  it('names the known services for an unknown one, and rejects a bad --tail or --since', async () => {
    const unknown = await sutazai(['logs', 'wbe', '--project', project]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toBe(
      `sutazai logs: No container for service 'wbe' in project '${project}'; services with a container: db, flood, web\n`,
    );
    const tail = await sutazai(['logs', 'web', '--tail=-3', '--project', project]);
    expect(tail.code).toBe(2);
    expect(tail.err).toContain("--tail: '-3' is not a number of lines");
    const since = await sutazai(['logs', 'web', '--since', 'last week', '--project', project]);
    expect(since.code).toBe(2);
    expect(since.err).toContain("--since: 'last week' is not a time");
  });

  it('follows with -f until Ctrl-C, then exits cleanly', async () => {
    const child = spawn(process.execPath, [...CLI, 'logs', 'web', '-f', '--tail', '0', '--project', project], {
      cwd: ROOT,
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    // Print until the follow shows a line: how long the CLI takes to attach depends on the machine's load.
    for (let n = 1; n <= 60 && !out.includes('printed later'); n++) {
      const exec = await docker
        .getContainer(`${project}-web`)
        .exec({ Cmd: ['sh', '-c', `echo "printed later ${n}" > /proc/1/fd/1`] });
      await exec.start({ Detach: true });
      await sleep(500);
    }
    // With --tail 0 nothing from before the follow is shown, only lines printed while it runs.
    const lines = out.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/^web \| printed later \d+$/);
    child.kill('SIGINT');
    const code = await Promise.race([exited, sleep(5000).then(() => 'still running')]);
    expect(code).toBe(0);
    expect(err).toBe('');
  });

  it('with -f goes on across a restart: the stop and start marked, the new run read, nothing repeated', async () => {
    await start('again', ['sh', '-c', 'trap "echo bye; exit 3" TERM; echo hello; while true; do sleep 0.1; done']);
    await sleep(500);
    const child = spawn(process.execPath, [...CLI, 'logs', 'again', '-f', '--project', project], { cwd: ROOT });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    for (let i = 0; i < 100 && !out.includes('hello'); i++) await sleep(50);
    await docker.getContainer(`${project}-again`).restart({ t: 5 });
    for (let i = 0; i < 200 && out.split('hello').length < 3; i++) await sleep(50);
    expect(out).toBe(
      'again | hello\nagain | bye\nagain | ── again stopped (exit 3) ──\nagain | ── again started ──\nagain | hello\n',
    );
    child.kill('SIGINT');
    expect(await Promise.race([exited, sleep(5000).then(() => 'still running')])).toBe(0);
  });

  it('stops quietly when the reader goes away (| head) while a container floods', async () => {
    const r = await new Promise<{ code: number; out: string; err: string }>((resolve) => {
      const cmd = `"${process.execPath}" ${CLI.map((a) => `"${a}"`).join(' ')} logs flood -f --project ${project} | head -n 3; exit \${PIPESTATUS[0]}`;
      execFile('bash', ['-c', cmd], { cwd: ROOT, timeout: 20_000 }, (error, out, err) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out, err }),
      );
    });
    expect(r.out).toBe('flood | flood line\n'.repeat(3));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });
});
