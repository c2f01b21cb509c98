import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_IMAGE, TEST_LABEL, testEngine, testName } from '../../test-support/engine';
import { StackService } from '../stack';
import { HardwareService } from './hardware-service';
import { readHardwareProfile } from './hardware-profile';

const engine = await testEngine();
const MiB = 1024 ** 2;

describe.skipIf(!engine.available)('raising a memory limit after an OOM kill, on the real engine', () => {
  const run = testName('raise');
  const project = run.replace(/[^a-z0-9-]/g, '');
  let dir: string;
  let home: string;
  let stack: StackService;
  let hardware: HardwareService;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sutazai-raise-'));
    home = mkdtempSync(join(tmpdir(), 'sutazai-raise-home-'));
    writeFileSync(
      join(dir, 'stack.yml'),
      `services:
  worker:
    image: ${TEST_IMAGE}
    command: ["sleep", "600"]
    stop_grace_period: 1s
    labels:
      ${TEST_LABEL}: ${run}
    deploy:
      resources:
        limits: { memory: 64M }
    profiles: [one]
`,
    );
    stack = new StackService({ docker: engine.docker, home, templatesDir: dir, project });
    const gpus = async () => ({ gpus: [], note: 'none' });
    hardware = new HardwareService({
      docker: engine.docker,
      stack,
      home,
      engineDataRoot: async () => undefined,
      readProfile: () => readHardwareProfile({ engineDataRoot: async () => undefined, home, gpus }),
    });
    expect((await stack.up('one', false)).ok).toBe(true);
  });

  afterAll(async () => {
    await stack?.down(undefined, true).catch(() => undefined);
    stack?.dispose();
    rmSync(dir, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  const memoryOf = async () => {
    const [c] = await engine.docker.listContainers({
      all: true,
      filters: JSON.stringify({ label: [`com.docker.compose.project=${project}`] }),
    });
    return (await engine.docker.getContainer(c!.Id).inspect()).HostConfig;
  };

  it('changes the running container at once and keeps the new limit in the override file, which Undo takes back', async () => {
    expect((await memoryOf()).Memory).toBe(64 * MiB);
    const result = await hardware.raiseLimit('worker', 96 * MiB);
    expect(result).toMatchObject({
      service: 'worker',
      limitBytes: 96 * MiB,
      previousLimitBytes: 64 * MiB,
      updatedContainers: [`${project}-worker-1`],
    });
    const host = await memoryOf();
    expect(host.Memory).toBe(96 * MiB);
    expect(readFileSync(join(home, 'compose.override.yml'), 'utf8')).toContain('raise-limit:worker');
    expect(stack.load('one').services.worker!.limits.memoryBytes).toBe(96 * MiB);
    // The template itself is never edited.
    expect(readFileSync(join(dir, 'stack.yml'), 'utf8')).toContain('memory: 64M');

    hardware.undo('raise-limit:worker');
    expect(existsSync(join(home, 'compose.override.yml'))).toBe(false);
    expect(stack.load('one').services.worker!.limits.memoryBytes).toBe(64 * MiB);
  });

  it('refuses a limit that is not higher, one above the host memory, and an unknown service', async () => {
    await expect(hardware.raiseLimit('worker', 32 * MiB)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining("not above worker's current limit of 64 MiB"),
    });
    await expect(hardware.raiseLimit('worker', 1024 ** 5)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining("more than this machine's"),
    });
    await expect(hardware.raiseLimit('nosuch', 128 * MiB)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: "the stack has no service 'nosuch'",
    });
    expect(existsSync(join(home, 'compose.override.yml'))).toBe(false);
  });
});
