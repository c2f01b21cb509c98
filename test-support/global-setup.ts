import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import Docker from 'dockerode';
import { discoverEngine, dockerOptions } from '../src-main/engine';

/**
 * Builds the local test images once per run when an engine answers: busybox (seconds) and the
 * Debian-built service images (minutes on a fresh machine, nothing when present; no registry).
 */
export default async function setup(): Promise<void> {
  const docker = new Docker(dockerOptions(discoverEngine()));
  try {
    await docker.ping();
  } catch {
    if (process.env.CI === 'true')
      throw new Error('CI=true but no Docker engine answers: .ci/run should have started dockerd');
    return;
  }
  execFileSync('bash', [join(__dirname, '..', 'scripts', 'build-test-images.sh')], { stdio: 'inherit' });
  try {
    execFileSync('bash', [join(__dirname, '..', 'scripts', 'build-service-images.sh')], { stdio: 'inherit' });
  } catch (err) {
    if (process.env.CI === 'true') throw err;
    console.warn(
      `\n  ⚠ service images not built (${(err as Error).message.split('\n')[0]}); the real-service tests will be skipped\n`,
    );
  }
}
