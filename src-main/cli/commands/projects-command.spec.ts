import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTestObjects, TEST_IMAGE, TEST_LABEL, testEngine, testName } from '../../../test-support/engine';
import { runCli } from '../run-cli';

const engine = await testEngine();

describe.skipIf(!engine.available)('sutazai projects on the real engine', () => {
  const run = testName('projcli');
  const name = run.replace(/[^a-z0-9-]/g, '');
  const base = mkdtempSync(join(tmpdir(), 'sutazai-projects-cli-'));
  const home = join(base, 'home');
  const folder = join(base, 'folder');
  mkdirSync(folder);
  const composeFile = (typo: boolean) => `services:
  web:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    stop_grace_period: 1s
    ${typo ? 'enviroment' : 'environment'}: {GREETING: hi}
    profiles: [site]
    labels: {${TEST_LABEL}: ${run}}
  tool:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    stop_grace_period: 1s
    profiles: [tools]
    labels: {${TEST_LABEL}: ${run}}
networks:
  default: {labels: {${TEST_LABEL}: ${run}}}
`;

  afterAll(async () => {
    await cleanupTestObjects(engine.docker, run);
    await engine.docker
      .getNetwork(`${name}_default`)
      .remove()
      .catch(() => undefined);
    rmSync(base, { recursive: true, force: true });
  });

  const cli = async (args: string[]) => {
    let out = '';
    let err = '';
    const code = await runCli(args, {
      out: (t) => (out += t),
      err: (t) => (err += t),
      env: { PATH: process.env.PATH, SUTAZAI_HOME: home },
      isTTY: false,
    });
    return { code, out, err };
  };
  const containers = async () =>
    (
      await engine.docker.listContainers({
        all: true,
        filters: JSON.stringify({ label: [`com.docker.compose.project=${name}`] }),
      })
    )
      .map((c) => `${c.Labels['com.docker.compose.service']} ${c.State} ${c.Id}`)
      .sort();

  it('names the file and line of a mistake in the folder, and adds nothing', async () => {
    writeFileSync(join(folder, 'compose.yaml'), composeFile(true));
    const r = await cli(['projects', 'add', folder, '--name', name]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`compose\\.yaml:6: .*enviroment`));
    expect((await cli(['projects', 'list'])).out).not.toContain(name);
  });

  it('adds the folder, lists it after the SutazAI stack, and refuses --volumes without --down', async () => {
    writeFileSync(join(folder, 'compose.yaml'), composeFile(false));
    const added = await cli(['projects', 'add', folder, '--name', name, '--tier', 'optional']);
    expect(added.err).toBe('');
    expect(added.code).toBe(0);
    expect(added.out).toContain(`✓ added ${name} (${folder}): compose.yaml`);
    expect(added.out).toContain('  profiles: site, tools');
    expect(added.out).toContain(`Start it with \`sutazai up --project ${name} [PROFILE...]\``);

    const list = await cli(['projects', 'list', '--json']);
    const rows = JSON.parse(list.out) as { name: string; kind: string; defaultTier: string; dir: string }[];
    expect(rows[0]!.kind).toBe('sutazai');
    expect(rows.find((p) => p.name === name)).toMatchObject({ kind: 'folder', defaultTier: 'optional', dir: folder });

    const bad = await cli(['projects', 'remove', name, '--volumes']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--volumes removes volumes only with --down');
  });

  it('starts a profile of it with --project, and ps shows its service with the default tier', async () => {
    const up = await cli(['up', 'site', '--project', name, '--wait']);
    expect(up.err).toBe('');
    expect(up.code).toBe(0);
    expect(await containers()).toEqual([expect.stringMatching(/^web running /)]);
    const ps = await cli(['ps', '--project', name, '--json']);
    expect(JSON.parse(ps.out)).toEqual([
      expect.objectContaining({ service: 'web', state: 'running', tier: 'optional' }),
    ]);
  });

  it('forgets it on remove and leaves its container as it is; --down takes it down', async () => {
    const before = await containers();
    const removed = await cli(['projects', 'remove', name]);
    expect(removed.code).toBe(0);
    expect(removed.out).toContain(`✓ ${name} is no longer managed; its containers are left as they are: `);
    expect(await containers()).toEqual(before);
    expect((await cli(['projects', 'list'])).out).not.toContain(name);

    // Added again, the running container is taken as it is (same id), then removed with --down.
    expect((await cli(['projects', 'add', folder, '--name', name])).code).toBe(0);
    expect(await containers()).toEqual(before);
    const down = await cli(['projects', 'remove', name, '--down']);
    expect(down.err).toBe('');
    expect(down.code).toBe(0);
    expect(down.out).toMatch(/^removed 1 containers/);
    expect(await containers()).toEqual([]);
  });
});
