import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnapshotProgress } from '../../src-shared/api';
import { cleanupTestObjects, TEST_IMAGE, TEST_LABEL, testName } from '../../test-support/engine';
import { serviceImagesEngine, startLoopbackRegistry } from '../../test-support/service-images';
import { freePort, snapshotHarness } from '../../test-support/snapshot-stack';

const engine = await serviceImagesEngine();

/** The step, or an error naming it when it takes longer than `ms` (so a slow setup says where it stood). */
async function step<T>(name: string, ms: number, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const began = Date.now();
  try {
    return await Promise.race([
      work(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${name}: not done after ${ms / 1000} s`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    const took = Date.now() - began;
    if (took > ms / 3) console.warn(`helper-pull setup: ${name} took ${took} ms`);
  }
}

async function follow(docker: Docker, stream: NodeJS.ReadableStream): Promise<void> {
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(stream, (err: Error | null, out: { error?: string }[]) => {
      const failed = err?.message ?? out.find((o) => o.error)?.error;
      if (failed) reject(new Error(failed));
      else resolve();
    }),
  );
}

/**
 * A helper image the engine does not have is pulled, with its progress shown, before the snapshot
 * reads any volume. The image comes from a registry on loopback (Debian's `docker-registry`), since
 * no public registry can be reached here.
 */
describe.skipIf(!engine.available)('the helper image, pulled with progress when missing', () => {
  const docker = engine.docker;
  const run = testName('snaphelper');
  const project = run.replace(/[^a-z0-9-]/g, '');
  const templates = mkdtempSync(join(tmpdir(), 'sutazai-snap-helper-'));
  let helperImage = '';
  let h: ReturnType<typeof snapshotHarness>;

  beforeAll(async () => {
    const port = await freePort();
    await step('starting the loopback registry', 40_000, () =>
      startLoopbackRegistry(docker, { name: `${run}-registry`, labels: { [TEST_LABEL]: run }, port }),
    );
    const repo = `127.0.0.1:${port}/${project}/helper`;
    await step('pushing the helper image to it', 80_000, async () => {
      await docker.getImage(TEST_IMAGE).tag({ repo, tag: '1' });
      await follow(
        docker,
        await docker.getImage(`${repo}:1`).push({ authconfig: { serveraddress: `127.0.0.1:${port}` } }),
      );
      await docker.getImage(`${repo}:1`).remove();
    });
    helperImage = `${repo}:1`;

    writeFileSync(
      join(templates, 'compose.yml'),
      JSON.stringify({
        services: {
          files: {
            image: TEST_IMAGE,
            command: ['sh', '-c', "echo kept > /data/kept; trap 'exit 0' TERM; while true; do sleep 1; done"],
            volumes: ['files_data:/data'],
            labels: { [TEST_LABEL]: run, 'ai.sutazai.tier': 'optional' },
          },
        },
        volumes: { files_data: {} },
      }),
    );
    h = snapshotHarness(docker, { project, templatesDir: templates, run, helperImage });
    const report = await step('starting the project', 50_000, () => h.stack.up(undefined, true));
    expect(report.error).toBeUndefined();
  }, 180_000);

  afterAll(async () => {
    await h?.stack.down(undefined, true).catch(() => undefined);
    await cleanupTestObjects(docker, run);
    if (helperImage)
      await docker
        .getImage(helperImage)
        .remove({ force: true })
        .catch(() => undefined);
    rmSync(templates, { recursive: true, force: true });
    if (h) rmSync(h.home, { recursive: true, force: true });
  }, 120_000);

  it('says the helper is missing, pulls it with progress, and then snapshots and verifies', async () => {
    const plan = await h.snapshots.plan();
    expect(plan.helperImage).toEqual({ image: helperImage, present: false });

    const progress: SnapshotProgress[] = [];
    const stop = h.snapshots.onProgress((p) => progress.push(p));
    const snapshot = await h.snapshots.create().finally(() => stop.dispose());

    const pulling = progress.filter((p) => p.phase === 'pulling');
    expect(pulling[0]!.message).toBe(`pulling ${helperImage}: 0%`);
    const percents = pulling.map((p) => Number(/: (\d+)%$/.exec(p.message)![1]));
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    // The pull ends before the project is read and any byte is captured.
    const planning = progress.findIndex((p) => p.phase === 'planning');
    expect(progress[planning]!.message).toBe(`pulled ${helperImage}; reading the project and choosing methods`);
    expect(progress.findLastIndex((p) => p.phase === 'pulling')).toBeLessThan(planning);
    await expect(docker.getImage(helperImage).inspect()).resolves.toMatchObject({ Id: expect.any(String) });
    expect((await h.snapshots.plan()).helperImage.present).toBe(true);

    expect(snapshot.services.map((s) => [s.service, s.method])).toEqual([['files', 'stop']]);
    expect((await h.snapshots.verify(snapshot.id)).ok).toBe(true);
  }, 300_000);
});
