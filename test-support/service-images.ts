import { execFileSync } from 'node:child_process';
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
