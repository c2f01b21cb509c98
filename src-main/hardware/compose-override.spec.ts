import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli';
import { projectRoot } from '../core/version';
import { StackService } from '../stack';
import { HardwareService } from './hardware-service';
import { readHardwareProfile } from './hardware-profile';

const templatesDir = join(projectRoot(), 'compose-templates');
const MiB = 1024 ** 2;

describe('the override file', () => {
  let home: string;
  let stack: StackService;
  let hardware: HardwareService;
  const env = () => ({ SUTAZAI_HOME: home, PATH: process.env.PATH });

  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'sutazai-override-'));
    stack = new StackService({ docker: new Docker(), home, templatesDir, project: 'sutazai', env: env() });
    // A 16 GiB machine whatever this one has, so that the full profile's limits need cutting.
    const gpus = async () => ({ gpus: [], note: 'none' });
    const readProfile = async () => ({
      ...(await readHardwareProfile({ engineDataRoot: async () => undefined, home, gpus })),
      memTotalBytes: 16 * 1024 * MiB,
    });
    hardware = new HardwareService({
      docker: new Docker(),
      stack,
      home,
      engineDataRoot: async () => undefined,
      gpus,
      readProfile,
    });
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  async function configJson(profile: string) {
    let out = '';
    const code = await runCli(['config', '--profile', profile, '--json'], {
      out: (t) => (out += t),
      err: () => undefined,
      env: env(),
      isTTY: false,
    });
    expect(code).toBe(0);
    return JSON.parse(out) as {
      services: Record<string, { limits: { memoryBytes?: number }; environment: Record<string, string> }>;
    };
  }

  it('applies a memory-limits recommendation beside the templates, the loader and `sutazai config` see it, and undo restores the resolved values', async () => {
    const templatesBefore = readFileSync(join(templatesDir, 'core.yml'), 'utf8');
    const rec = (await hardware.recommendations()).recommendations.find(
      (r) => r.kind === 'memory-limits' && r.changes,
    )!;
    expect(rec, 'a 16 GiB host gets a memory-limits change for some profile').toBeDefined();
    const profile = rec.id.split(':')[1]!;
    const before = stack.load(profile);
    const beforeCli = await configJson(profile);

    const state = await hardware.apply(rec.id);
    expect(state).toMatchObject({ file: join(home, 'compose.override.yml'), exists: true, applied: [{ id: rec.id }] });
    const after = stack.load(profile);
    const afterCli = await configJson(profile);
    for (const [service, change] of Object.entries(rec.changes!)) {
      const mib = Math.floor(change.memoryLimitBytes! / MiB) * MiB;
      expect(after.services[service]!.limits.memoryBytes).toBe(mib);
      expect(afterCli.services[service]!.limits.memoryBytes).toBe(mib);
      expect(after.services[service]!.limits.memoryBytes).toBeGreaterThanOrEqual(
        after.services[service]!.reservations.memoryBytes ?? 0,
      );
    }
    expect((await hardware.recommendations()).recommendations.find((r) => r.id === rec.id)!.applied).toBe(true);
    expect(readFileSync(join(templatesDir, 'core.yml'), 'utf8')).toBe(templatesBefore);

    hardware.undo(rec.id);
    expect(existsSync(join(home, 'compose.override.yml'))).toBe(false);
    expect(stack.load(profile)).toEqual(before);
    expect(await configJson(profile)).toEqual(beforeCli);
  });

  it('undoes one recommendation and keeps the others', () => {
    const before = stack.load('minimal');
    hardware.override.apply({
      id: 'ollama-settings',
      title: 'Ollama',
      changes: { ollama: { environment: { OLLAMA_KEEP_ALIVE: '2m', OLLAMA_NUM_PARALLEL: '2' } } },
    });
    hardware.override.apply({
      id: 'memory-limits:minimal',
      title: 'limits',
      changes: { qdrant: { memoryLimitBytes: 1024 * MiB } },
    });
    let model = stack.load('minimal');
    expect(model.services.ollama!.environment).toMatchObject({
      OLLAMA_KEEP_ALIVE: '2m',
      OLLAMA_NUM_PARALLEL: '2',
      OLLAMA_MAX_QUEUE: '10',
    });
    expect(model.services.qdrant!.limits).toEqual({
      memoryBytes: 1024 * MiB,
      cpus: before.services.qdrant!.limits.cpus,
    });

    hardware.undo('ollama-settings');
    model = stack.load('minimal');
    expect(model.services.ollama!.environment).toEqual(before.services.ollama!.environment);
    expect(model.services.qdrant!.limits.memoryBytes).toBe(1024 * MiB);
    expect(() => hardware.undo('ollama-settings')).toThrow(/not applied/);
  });

  it('writes a reservation beside a limit, and undo gives back the templates’ resources', () => {
    const before = stack.load('minimal');
    hardware.override.apply({
      id: 'limit-sizing:qdrant',
      title: 'sized',
      changes: { qdrant: { memoryLimitBytes: 768 * MiB, memoryReservationBytes: 320 * MiB } },
    });
    hardware.override.apply({
      id: 'raise-limit:qdrant',
      title: 'raised',
      changes: { qdrant: { memoryLimitBytes: 1024 * MiB } },
    });
    const model = stack.load('minimal');
    expect(model.services.qdrant!.limits.memoryBytes).toBe(1024 * MiB);
    expect(model.services.qdrant!.reservations.memoryBytes).toBe(320 * MiB);
    expect(model.services.qdrant!.limits.cpus).toBe(before.services.qdrant!.limits.cpus);
    hardware.undo('raise-limit:qdrant');
    expect(stack.load('minimal').services.qdrant!.limits.memoryBytes).toBe(768 * MiB);
    hardware.undo('limit-sizing:qdrant');
    expect(stack.load('minimal')).toEqual(before);
  });

  it('never overwrites an override file it did not write', () => {
    const file = join(home, 'compose.override.yml');
    const mine = 'services:\n  ollama:\n    environment:\n      OLLAMA_DEBUG: "1"\n';
    writeFileSync(file, mine);
    expect(() =>
      hardware.override.apply({
        id: 'ollama-settings',
        title: 'x',
        changes: { ollama: { environment: { OLLAMA_KEEP_ALIVE: '2m' } } },
      }),
    ).toThrow(/was not written by the hardware optimizer/);
    expect(readFileSync(file, 'utf8')).toBe(mine);
    expect(stack.load('minimal').services.ollama!.environment.OLLAMA_DEBUG).toBe('1');
  });

  it('refuses to apply advice that changes nothing, and unknown ids', async () => {
    await expect(hardware.apply('profile-fit')).rejects.toThrow(/changes nothing/);
    await expect(hardware.apply('memory-limits:nope')).rejects.toThrow(/no recommendation memory-limits:nope/);
  });
});
