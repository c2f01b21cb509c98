import { execFileSync } from 'node:child_process';
import type Docker from 'dockerode';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { testEngine, type TestEngine } from './engine';

const root = join(__dirname, '..');

/** The override the stack specs read after the templates: only images swapped. */
export const SERVICE_IMAGES_OVERRIDE = join(root, 'test-support', 'service-images.yml');
export const TEMPLATES_DIR = join(root, 'compose-templates');

/** Image of each service the override swaps, as the override names it. */
export const SERVICE_IMAGES: Record<string, string> = Object.fromEntries(
  Object.entries(
    (parse(readFileSync(SERVICE_IMAGES_OVERRIDE, 'utf8')) as { services: Record<string, { image: string }> }).services,
  ).map(([name, s]) => [name, s.image]),
);

/** Every image scripts/build-service-images.sh builds (the services above, and the registry). */
export function builtImageTags(): string[] {
  return execFileSync('bash', [join(root, 'scripts', 'build-service-images.sh'), '--list'], { encoding: 'utf8' })
    .trim()
    .split('\n');
}

export const REGISTRY_IMAGE = 'sutazai-test/registry:2.8-debian';

let cached: Promise<TestEngine> | undefined;

/**
 * The engine, when it also holds the Debian-built service images. Without them the specs that run
 * real services are skipped with the command that builds them, except under CI=true.
 */
export function serviceImagesEngine(): Promise<TestEngine> {
  cached ??= (async () => {
    const engine = await testEngine();
    if (!engine.available) return engine;
    const missing: string[] = [];
    for (const tag of builtImageTags()) {
      try {
        await engine.docker.getImage(tag).inspect();
      } catch {
        missing.push(tag);
      }
    }
    if (missing.length === 0) return engine;
    const reason = `the Debian-built service images are missing (${missing.join(', ')}); run \`bash scripts/build-service-images.sh\``;
    if (process.env.CI === 'true') throw new Error(`CI=true but ${reason}`);
    console.warn(`\n  ⚠ real-service tests skipped: ${reason}\n`);
    return { ...engine, available: false, reason };
  })();
  return cached;
}

/**
 * Starts Debian's registry (REGISTRY_IMAGE) on a loopback port (`port`, or one the engine picks)
 * with the test's label, and returns its port once `GET /v2/` answers there (or at `answerPort`, a
 * relay in front of it). Each try has 2 s, so a connection that is accepted and never answered does
 * not hold the test.
 */
export async function startLoopbackRegistry(
  docker: Docker,
  o: { name: string; labels: Record<string, string>; port?: number; answerPort?: number },
): Promise<number> {
  const registry = await docker.createContainer({
    name: o.name,
    Image: REGISTRY_IMAGE,
    Labels: o.labels,
    HostConfig: { PortBindings: { '5000/tcp': [{ HostIp: '127.0.0.1', HostPort: String(o.port ?? 0) }] } },
  });
  await registry.start();
  const port = Number((await registry.inspect()).NetworkSettings.Ports['5000/tcp']![0]!.HostPort);
  const asked = o.answerPort ?? port;
  for (let i = 0; ; i++) {
    const res = await fetch(`http://127.0.0.1:${asked}/v2/`, { signal: AbortSignal.timeout(2000) }).catch(
      () => undefined,
    );
    if (res?.ok) return port;
    if (i > 100) throw new Error(`the registry on 127.0.0.1:${asked} did not answer`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
