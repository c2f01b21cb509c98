import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../src-shared/api';
import { cleanupTestObjects, TEST_IMAGE, TEST_LABEL, testName } from '../../test-support/engine';
import { serviceImagesEngine, startLoopbackRegistry } from '../../test-support/service-images';
import { portFree } from './port-check';
import { StackService } from './stack-service';

const engine = await serviceImagesEngine();

async function freePort(): Promise<number> {
  for (;;) {
    const p = 20000 + Math.floor(Math.random() * 20000);
    if (await portFree(p)) return p;
  }
}

/** A TCP relay in front of the registry that can slow the transfer and cut every connection. */
class Relay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  bytesPerSecond = Infinity;

  constructor(
    readonly port: number,
    readonly target: number,
  ) {}

  listen(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream);
      upstream.on('data', (chunk: Buffer) => {
        if (this.bytesPerSecond === Infinity) return void client.write(chunk);
        upstream.pause();
        client.write(chunk);
        setTimeout(() => upstream.resume(), (chunk.length / this.bytesPerSecond) * 1000);
      });
      upstream.on('end', () => client.end());
    });
    return new Promise((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  /** Closes every open connection and refuses new ones, as a registry that went away. */
  cut(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server!.close(() => resolve()));
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

/** An image with two layers of random bytes nobody else has, pushed to the registry and removed here. */
async function pushUnique(docker: Docker, run: string, repo: string, sizesMiB: [number, number]): Promise<void> {
  let from = TEST_IMAGE;
  for (const [i, size] of sizesMiB.entries()) {
    const c = await docker.createContainer({
      Image: from,
      Cmd: ['dd', 'if=/dev/urandom', `of=/blob${i}`, 'bs=1M', `count=${size}`],
      Labels: { [TEST_LABEL]: run },
    });
    await c.start();
    await c.wait();
    await c.commit({ repo, tag: '1' });
    await c.remove();
    from = `${repo}:1`;
  }
  // The registry needs no credentials; the engine still wants the header.
  await follow(docker, await docker.getImage(`${repo}:1`).push({ authconfig: { serveraddress: repo.split('/')[0] } }));
  await docker.getImage(`${repo}:1`).remove();
}

describe.skipIf(!engine.available)("pulls through the orchestrator from Debian's registry on loopback", () => {
  const docker = engine.docker;
  const run = testName('pull');
  const project = run.replace(/[^a-z0-9-]/g, '');
  let relay: Relay;
  let dir: string;
  let home: string;

  beforeAll(async () => {
    const registryPort = await freePort();
    relay = new Relay(await freePort(), registryPort);
    await relay.listen();
    await startLoopbackRegistry(docker, {
      name: `${run}-registry`,
      labels: { [TEST_LABEL]: run },
      port: registryPort,
      answerPort: relay.port,
    });
    dir = mkdtempSync(join(tmpdir(), 'sutazai-pull-'));
    home = mkdtempSync(join(tmpdir(), 'sutazai-pull-home-'));
  }, 120_000);

  afterAll(async () => {
    await relay?.cut().catch(() => undefined);
    await cleanupTestObjects(docker, run);
    for (const img of await docker.listImages({
      filters: JSON.stringify({ reference: [`127.0.0.1:${relay.port}/${project}/*`] }),
    })) {
      await docker
        .getImage(img.Id)
        .remove({ force: true })
        .catch(() => undefined);
    }
    rmSync(dir, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  }, 120_000);

  function stackFor(image: string): { stack: StackService; events: ProgressEvent[] } {
    writeFileSync(
      join(dir, 'pull.yml'),
      `services:\n  puller:\n    image: ${image}\n    command: ["sleep", "300"]\n    stop_grace_period: 1s\n    labels:\n      ${TEST_LABEL}: ${run}\n      ai.sutazai.tier: optional\n    profiles: [pull]\n`,
    );
    const stack = new StackService({ docker, home, templatesDir: dir, project, env: {} });
    const events: ProgressEvent[] = [];
    stack.onProgress((e) => events.push(e));
    return { stack, events };
  }

  it('pulls a missing image with progress per layer, then starts the service', async () => {
    const image = `127.0.0.1:${relay.port}/${project}/layers:1`;
    await pushUnique(docker, run, image.replace(/:1$/, ''), [6, 10]);
    const { stack, events } = stackFor(image);
    relay.bytesPerSecond = 8 * 1024 * 1024; // about two seconds, so the engine reports progress along the way
    const report = await stack.up('pull', true);
    relay.bytesPerSecond = Infinity;
    expect(report.error).toBeUndefined();
    const pulling = events.filter((e) => e.phase === 'pulling');
    const layers = new Set(
      pulling.filter((e) => /^Downloading /.test(e.detail ?? '')).map((e) => e.detail!.split(' ')[1]),
    );
    expect(layers.size).toBe(2);
    const percents = pulling.map((e) => e.percent ?? 0);
    expect(percents.some((p) => p > 0 && p < 100)).toBe(true);
    expect(percents.at(-1)).toBe(100);
    expect((await stack.ps())[0]).toMatchObject({ service: 'puller', state: 'running', image });
    await stack.down(undefined, true);
  }, 180_000);

  it('a pull cut midway fails with the engine reason, creates nothing, and succeeds once the registry is back', async () => {
    const image = `127.0.0.1:${relay.port}/${project}/cut:1`;
    await pushUnique(docker, run, image.replace(/:1$/, ''), [2, 24]);
    const { stack } = stackFor(image);
    relay.bytesPerSecond = 1024 * 1024;
    let cutAt: ProgressEvent | undefined;
    stack.onProgress((e) => {
      if (!cutAt && e.phase === 'pulling' && /^Downloading /.test(e.detail ?? '') && (e.percent ?? 0) > 5) {
        cutAt = e;
        void relay.cut();
      }
    });
    // The engine retries the download a few times (seconds apart) before it gives up.
    await expect(stack.up('pull', true)).rejects.toThrow(
      /^cannot pull 127\.0\.0\.1:\d+\/.+\/cut:1: .*connection refused\. Nothing was created\.$/,
    );
    expect(cutAt!.detail).toMatch(/^Downloading [0-9a-f]{12}$/);
    expect(
      await docker
        .getImage(image)
        .inspect()
        .catch(() => undefined),
    ).toBeUndefined();
    expect(await stack.ps()).toEqual([]);
    // The registry answers again: the same `up` pulls and starts.
    relay = new Relay(relay.port, relay.target);
    await relay.listen();
    const again = await stack.up('pull', true);
    expect(again.error).toBeUndefined();
    expect((await stack.ps())[0]).toMatchObject({ state: 'running' });
    await stack.down(undefined, true);
  }, 240_000);
});
