import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ollama } from 'ollama';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTestObjects, testEngine, testName, TEST_IMAGE } from '../../test-support/engine';
import { startOllamaApiServer, type OllamaApiServer } from '../../test-support/ollama-api-server';
import { snapshotHarness } from '../../test-support/snapshot-stack';

const engine = await testEngine();

/** Ollama's models: kept by name and digest (from the Ollama API test server), their files only when asked. */
describe.skipIf(!engine.available)("a snapshot and Ollama's models", () => {
  const docker = engine.docker;
  const run = testName('snapmodels');
  const project = run.replace(/[^a-z0-9-]/g, '');
  const image = `sutazai-test/ollama:standin-${process.pid}`;
  const templates = mkdtempSync(join(tmpdir(), 'sutazai-snapmodels-'));
  let ollama: OllamaApiServer;
  let h: ReturnType<typeof snapshotHarness>;

  beforeAll(async () => {
    ollama = await startOllamaApiServer({ installed: ['tinyllama'] });
    await docker.getImage(TEST_IMAGE).tag({ repo: 'sutazai-test/ollama', tag: `standin-${process.pid}` });
    writeFileSync(
      join(templates, 'compose.yml'),
      JSON.stringify({
        services: {
          ollama: {
            image,
            command: [
              'sh',
              '-c',
              "head -c 300000 /dev/urandom > /root/.ollama/blob; trap 'exit 0' TERM; while true; do sleep 1; done",
            ],
            volumes: ['ollama_data:/root/.ollama'],
          },
        },
        volumes: { ollama_data: {} },
      }),
    );
    const client = new Ollama({ host: ollama.url });
    h = snapshotHarness(docker, {
      project,
      templatesDir: templates,
      run,
      listModels: async () =>
        (await client.list()).models.map((m) => ({ name: m.name, digest: m.digest, sizeBytes: m.size })),
    });
    expect((await h.stack.up(undefined, true)).error).toBeUndefined();
  }, 120_000);

  afterAll(async () => {
    await h?.stack.down(undefined, true).catch(() => undefined);
    await cleanupTestObjects(docker, run);
    await docker
      .getImage(image)
      .remove()
      .catch(() => undefined);
    await ollama?.close();
    rmSync(templates, { recursive: true, force: true });
    if (h) rmSync(h.home, { recursive: true, force: true });
  }, 120_000);

  it('lists the models by name and digest and leaves their files out unless asked', async () => {
    const plan = await h.snapshots.plan();
    expect(plan.services).toEqual([]);
    expect(plan.skipped).toEqual([
      {
        key: 'ollama_data',
        name: `${project}_ollama_data`,
        reason: 'model weights (their names and digests are kept)',
      },
    ]);
    expect(plan.models).toEqual({ listed: true, count: 1 });
    const without = await h.snapshots.create();
    const m1 = h.snapshots.store.find(without.id).manifest;
    expect(m1.models).toEqual({
      listed: true,
      weightsIncluded: false,
      items: [
        {
          name: 'tinyllama:latest',
          digest: expect.stringMatching(/^[0-9a-f]{64}$|^sha256:/),
          sizeBytes: expect.any(Number),
        },
      ],
    });
    expect(m1.volumes).toEqual([
      expect.objectContaining({
        key: 'ollama_data',
        archives: [],
        skipped: 'model weights (their names and digests are kept)',
      }),
    ]);
    expect(m1.services[0]).toMatchObject({ service: 'ollama', method: 'none', note: 'model weights not included' });

    const withWeights = await h.snapshots.create({ includeModelWeights: true });
    const m2 = h.snapshots.store.find(withWeights.id).manifest;
    expect(m2.models.weightsIncluded).toBe(true);
    expect(m2.volumes[0]).toMatchObject({ key: 'ollama_data', method: 'stop' });
    expect(m2.volumes[0]!.archives[0]!.rawBytes).toBeGreaterThan(300_000);

    await new Ollama({ host: ollama.url }).delete({ model: 'tinyllama' });
    const restorePlan = await h.snapshots.restorePlan(without.id);
    expect(restorePlan.modelsMissing).toEqual(['tinyllama:latest']);
    expect(restorePlan.volumes).toEqual([]);
  });
});
