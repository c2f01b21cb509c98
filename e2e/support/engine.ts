import { execFileSync } from 'node:child_process';

export const TEST_IMAGE = process.env.SUTAZAI_TEST_IMAGE ?? 'sutazai-test/busybox:latest';

/** Whether an engine with the local test image answers; under CI=true its absence fails the run. */
export function engineWithTestImage(): boolean {
  try {
    execFileSync('docker', ['image', 'inspect', TEST_IMAGE], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    if (process.env.CI === 'true') throw new Error(`CI=true but the engine or ${TEST_IMAGE} is missing`);
    return false;
  }
}
