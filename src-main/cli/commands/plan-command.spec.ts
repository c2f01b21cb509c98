import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTestObjects, testEngine, testName } from '../../../test-support/engine';
import { fillComposeYaml } from '../../../test-support/memory-fill';
import { startOllamaApiServer, type OllamaApiServer } from '../../../test-support/ollama-api-server';
import { EventLog } from '../../events';
import { openDatabase, SettingsRepository } from '../../store';
import { runCli } from '../run-cli';

const engine = await testEngine();
const MiB = 1024 * 1024;

describe.skipIf(!engine.available)('sutazai plan, up --force, pull and load', () => {
  const run = testName('plancli');
  const project = run.replace(/[^a-z0-9-]/g, '');
  const dir = mkdtempSync(join(tmpdir(), 'sutazai-plan-cli-'));
  const home = join(dir, 'home');
  let ollama: OllamaApiServer;

  beforeAll(async () => {
    writeFileSync(
      join(dir, 'compose.yml'),
      fillComposeYaml([{ name: 'big', tier: 'critical', mib: 32, profiles: ['big'], reservation: '128M' }], run) +
        `networks:\n  default: {labels: {ai.sutazai.test: ${run}}}\n`,
    );
    mkdirSync(home, { mode: 0o700 });
    // The guard's budget as the Settings page keeps it: 64 MiB, so 128 MiB does not fit.
    const db = openDatabase(join(home, 'sutazai.db'));
    new SettingsRepository(db).set('guard.budgetBytes', 64 * MiB);
    db.close();
    ollama = await startOllamaApiServer({ installed: ['tinyllama:latest'] });
  });
  afterAll(async () => {
    await cleanupTestObjects(engine.docker, run);
    await engine.docker
      .getNetwork(`${project}_default`)
      .remove()
      .catch(() => undefined);
    await ollama?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = async (args: string[], stack = true) => {
    let out = '';
    let err = '';
    const code = await runCli([...args, ...(stack ? ['--templates', dir, '--project', project] : [])], {
      out: (t) => (out += t),
      err: (t) => (err += t),
      env: { PATH: process.env.PATH, SUTAZAI_HOME: home, OLLAMA_HOST: ollama.url },
      isTTY: false,
    });
    return { code, out, err };
  };
  const containers = async () =>
    (await engine.docker.listContainers({ all: true, filters: JSON.stringify({ label: [`ai.sutazai.test=${run}`] }) }))
      .length;

  it('plan prints the verdict with its figures and exits 1 when it does not fit', async () => {
    const r = await cli(['plan', 'up', 'big']);
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe(
      `Plan: start big (project ${project}): would not fit even so: 200 % of the 64 MiB memory budget; if memory runs out the kernel kills big first`,
    );
    expect(lines).toContain(
      '  starts: big (critical) 128 MiB, no history; its memory reservation (deploy.resources.reservations.memory 128 MiB)',
    );
    expect(r.out).toContain('  read: available now ');
    expect(JSON.parse((await cli(['plan', 'up', 'big', '--json'])).out)).toMatchObject({ verdict: 'no-fit' });
  });

  it('up refuses with the plan and how to go on, and --force starts anyway and is recorded', async () => {
    const refused = await cli(['up', 'big']);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('Not started: would not fit even so: 200 % of the 64 MiB memory budget');
    expect(refused.err).toMatch(/Run again with --force to start anyway\.\n$/);
    expect(await containers()).toBe(0);

    const forced = await cli(['up', 'big', '--force', '--wait']);
    expect(forced.code).toBe(0);
    expect(forced.err).toContain('Started anyway; the memory guard recorded it with this plan.');
    expect(forced.out).toMatch(/✓ big: 1 services ready/);
    expect(await containers()).toBe(1);
    const db = openDatabase(join(home, 'sutazai.db'));
    const events = new EventLog(db).list({ project, kinds: ['guard-anyway'] });
    db.close();
    expect(events.map((e) => e.message)).toEqual([
      expect.stringMatching(/^start big anyway \(anyway\): would not fit/),
    ]);
  });

  it('plans a limit below what a service uses as one that would get it killed', async () => {
    await new Promise((r) => setTimeout(r, 1000));
    const r = await cli(['plan', 'limit', 'big', '16M']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/would not fit: big uses up to 3\d MiB \(its working set now\), above the new 16 MiB limit/);
    expect((await cli(['plan', 'limit', 'big', '1G'])).code).toBe(0);
    expect((await cli(['plan', 'limit', 'big', 'lots'])).err).toContain('SIZE: "lots" is not a size');
  });

  it('loads and pulls models through the planner, with the pull’s progress', async () => {
    const load = await cli(['load', 'tinyllama'], false);
    expect([load.code, load.err, load.out]).toEqual([0, '', '✓ loaded tinyllama: 607.5 MiB, none in VRAM\n']);
    const pull = await cli(['pull', 'qwen2.5:0.5b'], false);
    expect(pull.code).toBe(0);
    expect(pull.out).toMatch(/pulling [0-9a-f]{12} .* of 378\.6 MiB\n/);
    expect(pull.out).toMatch(/✓ pulled qwen2\.5:0\.5b\n$/);
    expect((await cli(['load', 'nosuch'], false)).err).toContain('nosuch is not installed in Ollama');
  }, 30_000);
});
