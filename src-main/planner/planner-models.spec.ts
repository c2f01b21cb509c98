import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEvent } from '../../src-shared/api';
import { cleanupTestObjects, TEST_IMAGE, TEST_LABEL, testEngine, testName } from '../../test-support/engine';
import { pushOllamaModel } from '../../test-support/model-registry';
import {
  digestOf,
  FIXTURE_CATALOG,
  startOllamaApiServer,
  type OllamaApiServer,
} from '../../test-support/ollama-api-server';
import { REGISTRY_IMAGE, startLoopbackRegistry } from '../../test-support/service-images';
import { createCore, type Core } from '../core';

const engine = await testEngine();
const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const hasRegistryImage =
  engine.available &&
  (await engine.docker
    .getImage(REGISTRY_IMAGE)
    .inspect()
    .then(() => true)
    .catch(() => false));

describe.skipIf(!engine.available)('the planner and Ollama (against the Ollama API test server)', () => {
  const run = testName('planner-models');
  const project = run.replace(/[^a-z0-9-]/g, '');
  const dir = mkdtempSync(join(tmpdir(), 'sutazai-planner-models-'));
  const home = mkdtempSync(join(tmpdir(), 'sutazai-planner-models-home-'));
  const modelsDir = join(home, 'models');
  let server: OllamaApiServer;
  let core: Core;
  const seen: AppEvent[] = [];

  beforeAll(async () => {
    mkdirSync(modelsDir);
    writeFileSync(
      join(dir, 'compose.yml'),
      `services:\n  idle:\n    image: ${TEST_IMAGE}\n    command: ["sleep", "60"]\n    labels: {${TEST_LABEL}: ${run}}\n    profiles: [idle]\n`,
    );
    server = await startOllamaApiServer({
      catalog: [
        ...FIXTURE_CATALOG,
        {
          name: 'bigmodel:70b',
          family: 'llama',
          parameterSize: '70B',
          quantization: 'Q4_0',
          layers: [{ digest: digestOf('bigmodel-weights'), size: 40_000_000_000 }],
        },
      ],
      installed: ['tinyllama:latest', 'qwen2.5:0.5b', 'bigmodel:70b'],
      loaded: ['qwen2.5:0.5b'],
      loadedSizes: { 'qwen2.5:0.5b': { size: 700 * MiB, sizeVram: 0 } },
    });
    core = createCore({
      mode: 'cli',
      home,
      templatesDir: dir,
      project,
      ollamaUrl: server.url,
      env: { ...process.env, SUTAZAI_HOME: home, OLLAMA_MODELS: modelsDir },
    });
    core.events.subscribe((e) => seen.push(e));
  });

  afterAll(async () => {
    core?.dispose();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  it('counts what Ollama holds (/api/ps), sizes the model for the context it loads with, and says where it sits', async () => {
    const plan = await core.planner.plan({ kind: 'load-model', model: 'tinyllama' });
    expect(plan.verdict).toBe('fits');
    const model = plan.model!;
    expect(model).toMatchObject({
      model: 'tinyllama:latest',
      installed: true,
      loaded: false,
      where: 'ram',
      vramBytes: 0,
    });
    expect(model.estimate).toMatchObject({ weightsBytes: 637_000_208, weightsFrom: 'file-size', contextLength: 2048 });
    expect(model.ollama).toMatchObject({ url: server.url, reachable: true, inStack: false });
    expect(model.ollama.holds).toEqual([{ name: 'qwen2.5:0.5b', sizeBytes: 700 * MiB, vramBytes: 0 }]);
    expect(plan.inputs.find((f) => f.label === 'Ollama holds')).toMatchObject({
      value: 'qwen2.5:0.5b 700 MiB (0 MiB in VRAM)',
      source: `${server.url}/api/ps`,
    });
    // An Ollama outside the project takes host memory, not the stack's.
    expect(plan.memory.addsBytes).toBe(model.ramBytes);
    expect(plan.memory.stackAfterBytes).toBe(plan.memory.stackBeforeBytes);
    expect(plan.memory.hostAvailableAfterBytes).toBe(plan.memory.hostAvailableBytes - model.ramBytes);

    const longer = await core.planner.plan({ kind: 'load-model', model: 'tinyllama', contextLength: 8192 });
    expect(longer.model!.estimate!.kvCacheBytes).toBe(4 * model.estimate!.kvCacheBytes);

    const held = await core.planner.plan({ kind: 'load-model', model: 'qwen2.5:0.5b' });
    expect(held.model!.loaded).toBe(true);
    expect(held.memory.addsBytes).toBe(0);
    expect(held.notes).toContain('qwen2.5:0.5b is already in memory: loading it again adds nothing');
  });

  it('loads a model that fits through /api/generate and reports what /api/ps then says', async () => {
    const out = await core.planner.act({ kind: 'load-model', model: 'tinyllama' });
    expect(out).toMatchObject({
      acted: true,
      result: { kind: 'load', model: 'tinyllama', sizeBytes: 637_000_208, vramBytes: 0 },
    });
    expect(server.requests.filter((r) => r.path === '/api/generate')).toHaveLength(1);
  });

  it('says a model larger than the host would not fit, loads it only when told to, and the guard records that', async () => {
    const asked = await core.planner.act({ kind: 'load-model', model: 'bigmodel:70b' });
    expect(asked.acted).toBe(false);
    expect(asked.plan.verdict).toBe('no-fit');
    expect(asked.plan.summary).toMatch(/more than the host has/);
    expect(server.requests.filter((r) => r.path === '/api/generate')).toHaveLength(1);
    const went = await core.planner.act({ kind: 'load-model', model: 'bigmodel:70b' }, { kind: 'anyway' });
    expect(went.acted).toBe(true);
    const event = seen.find((e) => e.kind === 'guard-anyway')!;
    expect(event).toMatchObject({
      project,
      severity: 'warning',
      data: { verdict: 'no-fit', action: 'load bigmodel:70b' },
    });
  });

  it('refuses to load a model that is not installed, naming it', async () => {
    await expect(core.planner.plan({ kind: 'load-model', model: 'nosuch' })).rejects.toThrow(
      `nosuch is not installed in Ollama at ${server.url}`,
    );
  });

  describe.skipIf(!hasRegistryImage)('a pull, sized from the model registry before it downloads', () => {
    let base = '';
    let pushed = { downloadBytes: 0 };
    beforeAll(async () => {
      const port = await startLoopbackRegistry(engine.docker, {
        name: `${run}-registry`,
        labels: { [TEST_LABEL]: run },
      });
      base = `http://127.0.0.1:${port}`;
      pushed = await pushOllamaModel(base, 'ns/tiny', '1', {
        weights: Buffer.alloc(96 * MiB, 7),
        family: 'llama',
        parameterSize: '100M',
        quantization: 'Q8_0',
      });
    }, 60_000);
    afterAll(() => cleanupTestObjects(engine.docker, run));

    it('reads the download size and the model facts from its manifest and config, and checks the models folder', async () => {
      const name = `${base.slice(7)}/ns/tiny:1`;
      const plan = await core.planner.plan({ kind: 'pull-model', model: name });
      expect(plan.model).toMatchObject({ installed: false, loaded: false, downloadBytes: pushed.downloadBytes });
      expect(plan.model!.estimate).toMatchObject({ weightsBytes: 96 * MiB, weightsFrom: 'file-size' });
      expect(plan.disk).toEqual([
        expect.objectContaining({ label: 'models', path: modelsDir, needBytes: pushed.downloadBytes, enough: true }),
      ]);
      expect(plan.disk[0]!.source).toMatch(/^OLLAMA_MODELS; statfs: /);
      expect(plan.inputs.find((f) => f.label.endsWith('once loaded'))!.source).toContain(
        `${base}/v2/ns/tiny/manifests/1`,
      );
      const unknown = await core.planner.plan({ kind: 'pull-model', model: `${base.slice(7)}/ns/none:1` });
      expect(unknown.model!.downloadBytes).toBeNull();
      expect(unknown.notes.join(' ')).toMatch(
        /the registry did not say what .*none:1 weighs: .* is not in the registry/,
      );
    });

    it.skipIf(process.getuid?.() !== 0)(
      'says there is not enough disk where the models go (a small tmpfs there; needs root to mount it)',
      async () => {
        execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${GiB / MiB + 64}m`, 'tmpfs', modelsDir]);
        try {
          const plan = await core.planner.plan({ kind: 'pull-model', model: `${base.slice(7)}/ns/tiny:1` });
          expect(plan.verdict).toBe('no-disk');
          expect(plan.disk[0]).toMatchObject({ path: modelsDir, freeBytes: GiB + 64 * MiB, enough: false });
          expect(plan.summary).toBe(
            `not enough disk: needs 96 MiB plus 1.0 GiB kept free at ${modelsDir} (1.1 GiB free)`,
          );
        } finally {
          execFileSync('umount', [modelsDir]);
        }
      },
    );
  });
});
