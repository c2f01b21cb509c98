import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTestObjects, TEST_IMAGE, TEST_LABEL, testEngine, testName } from '../../../test-support/engine';
import type { CliIo } from '../command';
import { runCli } from '../run-cli';

const engine = await testEngine();

describe.skipIf(!engine.available)('sutazai up with settings that give a container part of the host', () => {
  const run = testName('upcli');
  const project = run.replace(/[^a-z0-9-]/g, '');
  const dir = mkdtempSync(join(tmpdir(), 'sutazai-up-'));
  const home = join(dir, 'home');
  writeFileSync(
    join(dir, 'compose.yml'),
    `services:
  watcher:
    image: ${TEST_IMAGE}
    command: ["sleep", "300"]
    stop_grace_period: 1s
    volumes: ["/etc:/host-etc:ro"]
    labels: {${TEST_LABEL}: ${run}, ai.sutazai.host-access: "reads the host's configuration"}
    profiles: [watch]
networks:
  default: {labels: {${TEST_LABEL}: ${run}}}
`,
  );
  afterAll(async () => {
    await cleanupTestObjects(engine.docker, run);
    await engine.docker
      .getNetwork(`${project}_default`)
      .remove()
      .catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = async (args: string[], io: Partial<CliIo> = {}) => {
    let out = '';
    let err = '';
    const code = await runCli([...args, '--templates', dir, '--project', project], {
      out: (t) => (out += t),
      err: (t) => (err += t),
      env: { PATH: process.env.PATH, SUTAZAI_HOME: home },
      isTTY: false,
      ...io,
    });
    return { code, out, err };
  };
  const running = async () =>
    (
      await engine.docker.listContainers({
        all: true,
        filters: JSON.stringify({ label: [`com.docker.compose.project=${project}`] }),
      })
    ).length;

  it('lists them and refuses without a terminal unless --yes', async () => {
    const r = await cli(['up', 'watch']);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      "These services get part of the host:\n  watcher (reads the host's configuration)\n    volumes: /etc:/host-etc:ro: the host's configuration, including accounts and keys (read-only)\nNot started: confirm these settings on a terminal, or run again with --yes.\n",
    );
    expect(await running()).toBe(0);
  });

  it('asks on a terminal; "n" starts nothing', async () => {
    const asked: string[] = [];
    const r = await cli(['up', 'watch'], { isTTY: true, ask: async (q) => (asked.push(q), 'n') });
    expect([r.code, asked]).toEqual([1, ['Start them with these settings? [y/N] ']]);
    expect(r.err).toMatch(/Not started\.\n$/);
    expect(await running()).toBe(0);
  });

  it('--yes confirms, starts, and is remembered for this configuration', async () => {
    const r = await cli(['up', 'watch', '--yes']);
    expect(r.err).toMatch(/Confirmed with --yes\.\n$/);
    expect(r.code).toBe(0);
    expect(await running()).toBe(1);
    const again = await cli(['up', '--profile', 'watch']);
    expect([again.code, again.err]).toEqual([0, '']);
    expect(again.out).toMatch(/✓ watch: 1 services running/);
    const config = await cli(['config', '--profile', 'watch']);
    expect(config.out).toContain(
      "host access (asked before the first start):\n  watcher (confirmed): reads the host's configuration\n",
    );
  });
});
