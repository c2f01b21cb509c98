import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupTestObjects, TEST_IMAGE, TEST_LABEL, testEngine, testName } from '../../test-support/engine';
import { engineDiskUsage } from './engine-disk';
import { PrunePlanner } from './prune-planner';

const engine = await testEngine();
const run = `prune-${process.pid}-${Date.now()}`;
const scope = `${TEST_LABEL}=${run}`;
const project = `sutazai-prunetest-${process.pid}`;

/** Builds a one-label image from the test image under `tag`; building twice leaves the first dangling. */
async function buildLabelled(docker: Docker, tag: string, n: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sutazai-prune-build-'));
  try {
    writeFileSync(join(dir, 'Dockerfile'), `FROM ${TEST_IMAGE}\nLABEL ${TEST_LABEL}=${run} build=${n}\n`);
    const stream = await docker.buildImage({ context: dir, src: ['Dockerfile'] }, {
      t: tag,
      rm: true,
      version: '1',
    } as Docker.ImageBuildOptions);
    await new Promise<void>((resolve, reject) =>
      docker.modem.followProgress(stream, (err, out) =>
        err
          ? reject(err)
          : (out as { error?: string }[]).some((o) => o.error)
            ? reject(new Error(JSON.stringify(out)))
            : resolve(),
      ),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!engine.available)("prune on the real engine (only this test's labelled objects)", () => {
  const d = engine.docker;
  const tag = `sutazai-prunetest-${process.pid}:latest`;
  let stopped: Docker.Container;
  let running: Docker.Container;
  let stackStopped: Docker.Container;
  let danglingId: string;

  beforeAll(async () => {
    const labels = { [TEST_LABEL]: run };
    stopped = await d.createContainer({
      name: testName('prune-stopped'),
      Image: TEST_IMAGE,
      Cmd: ['true'],
      Labels: labels,
    });
    await stopped.start();
    await stopped.wait();
    running = await d.createContainer({
      name: testName('prune-running'),
      Image: TEST_IMAGE,
      Cmd: ['sleep', '300'],
      Labels: labels,
      StopTimeout: 1,
    });
    await running.start();
    stackStopped = await d.createContainer({
      name: testName('prune-stack'),
      Image: TEST_IMAGE,
      Cmd: ['true'],
      Labels: { ...labels, 'com.docker.compose.project': project },
    });
    await d.createNetwork({ Name: testName('prune-net'), Labels: labels });
    await d.createNetwork({
      Name: testName('prune-stacknet'),
      Labels: { ...labels, 'com.docker.compose.project': project },
    });
    await d.createVolume({ Name: testName('prune-vol'), Labels: labels });
    await d.createVolume({
      Name: testName('prune-stackvol'),
      Labels: { ...labels, 'com.docker.compose.project': project },
    });
    await buildLabelled(d, tag, 1);
    danglingId = (await d.getImage(tag).inspect()).Id;
    await buildLabelled(d, tag, 2);
  }, 120_000);

  afterAll(async () => {
    await cleanupTestObjects(d, run);
    await d
      .getImage(tag)
      .remove({ force: true })
      .catch(() => undefined);
    await d
      .getImage(danglingId)
      .remove({ force: true })
      .catch(() => undefined);
    const images = await d.listImages({ all: true, filters: JSON.stringify({ label: [scope] }) });
    for (const i of images)
      await d
        .getImage(i.Id)
        .remove({ force: true })
        .catch(() => undefined);
  });

  it('reports the engine disk usage from docker df', async () => {
    const usage = await engineDiskUsage(d);
    expect(usage.images.count).toBeGreaterThan(0);
    expect(usage.images.bytes).toBeGreaterThan(0);
    expect(usage.containers.count).toBeGreaterThanOrEqual(3);
    expect(usage.volumes.count).toBeGreaterThanOrEqual(2);
  });

  it("previews exactly the stopped container, dangling image and unused network; volumes only when ticked; the stack's never", async () => {
    const planner = new PrunePlanner({ docker: d, project, scopeLabel: scope });
    const preview = await planner.preview();
    const summary = preview.items.map((i) => `${i.kind} ${i.kind === 'image' ? i.id : i.name}`).sort();
    const stoppedName = (await stopped.inspect()).Name.replace(/^\//, '');
    const net = (await d.listNetworks({ filters: JSON.stringify({ label: [scope] }) })).find(
      (n) => !n.Labels?.['com.docker.compose.project'],
    )!;
    expect(summary).toEqual([`container ${stoppedName}`, `image ${danglingId}`, `network ${net.Name}`].sort());
    expect(preview.items.find((i) => i.kind === 'image')!.sizeBytes).toBeGreaterThan(0);
    expect(preview.totalBytes).toBe(preview.items.reduce((a, i) => a + i.sizeBytes, 0));
    expect(preview.excluded.join('\n')).toMatch(/1 stopped container\(s\) of the sutazai-prunetest/);
    expect(preview.excluded.join('\n')).toMatch(/1 unused volume\(s\): tick "volumes"/);

    const withVolumes = await planner.preview(true);
    const volumes = withVolumes.items.filter((i) => i.kind === 'volume').map((i) => i.name);
    expect(volumes).toHaveLength(1);
    expect(volumes[0]).toMatch(/prune-vol-/);
    expect(withVolumes.excluded.join('\n')).toMatch(/1 volume\(s\) of the sutazai-prunetest-\d+ stack: never pruned/);
  });

  it('prunes exactly the previewed items by id, skips what changed since, and leaves everything else', async () => {
    const planner = new PrunePlanner({ docker: d, project, scopeLabel: scope });
    const preview = await planner.preview(true);
    // Something becomes used between preview and confirm: it must be skipped, not removed.
    const net = preview.items.find((i) => i.kind === 'network')!;
    await d.getNetwork(net.id).connect({ Container: running.id });

    const result = await planner.prune(preview.id);
    expect(result.removed.map((i) => i.kind).sort()).toEqual(['container', 'image', 'volume']);
    expect(result.skipped.map((s) => [s.item.kind, s.reason])).toEqual([
      ['network', 'no longer unused (or already gone) since the preview'],
    ]);
    expect(result.freedBytes).toBe(result.removed.reduce((a, i) => a + i.sizeBytes, 0));

    await expect(stopped.inspect()).rejects.toThrow(/no such container/i);
    await expect(d.getImage(danglingId).inspect()).rejects.toThrow(/no such image/i);
    expect((await running.inspect()).State.Running).toBe(true);
    expect((await stackStopped.inspect()).Id).toBe(stackStopped.id);
    expect((await d.getNetwork(net.id).inspect()).Id).toBe(net.id);
    const left = (await d.listVolumes({ filters: JSON.stringify({ label: [scope] }) })).Volumes.map((v) => v.Name);
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(/prune-stackvol-/);
    expect((await d.getImage(tag).inspect()).RepoTags).toContain(tag);
    expect((await d.getImage(TEST_IMAGE).inspect()).RepoTags).toContain(TEST_IMAGE);

    await expect(planner.prune(preview.id)).rejects.toThrow(/unknown or older than 10 minutes/);
  });

  it("never offers another managed project's stopped container", async () => {
    const folder = `${project}-folder`;
    const c = await d.createContainer({
      name: testName('prune-folder'),
      Image: TEST_IMAGE,
      Cmd: ['true'],
      Labels: { [TEST_LABEL]: run, 'com.docker.compose.project': folder },
    });
    const name = (await c.inspect()).Name.replace(/^\//, '');
    const unmanaged = await new PrunePlanner({ docker: d, project, scopeLabel: scope }).preview();
    expect(unmanaged.items.map((i) => i.name)).toContain(name);
    const managed = await new PrunePlanner({
      docker: d,
      project,
      projects: () => [project, folder],
      scopeLabel: scope,
    }).preview();
    expect(managed.items.map((i) => i.name)).not.toContain(name);
    expect(managed.excluded.join('\n')).toContain(`stopped container(s) of managed projects (${project}, ${folder})`);
  });
});
