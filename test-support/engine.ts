import Docker from 'dockerode';
import { LABELS } from '../src-shared/api/features/stack-model';
import { discoverEngine, dockerOptions } from '../src-main/engine';

/** The image built by scripts/build-test-images.sh: Debian's static busybox on scratch. */
export const TEST_IMAGE = process.env.SUTAZAI_TEST_IMAGE ?? 'sutazai-test/busybox:latest';

export interface TestEngine {
  available: boolean;
  docker: Docker;
  endpoint: string;
  reason?: string;
}

let cached: Promise<TestEngine> | undefined;

/**
 * The real engine the integration tests use. When none answers the tests are skipped with a
 * visible message, except under CI=true, where a missing engine fails the run.
 */
export function testEngine(): Promise<TestEngine> {
  cached ??= (async () => {
    const endpoint = discoverEngine();
    const docker = new Docker(dockerOptions(endpoint));
    try {
      await docker.ping();
      await docker.getImage(TEST_IMAGE).inspect();
      return { available: true, docker, endpoint: endpoint.url };
    } catch (err) {
      const reason = `no Docker engine with ${TEST_IMAGE} at ${endpoint.url} (${(err as Error).message}); run \`npm run test-images\` with an engine running`;
      if (process.env.CI === 'true') throw new Error(`CI=true but ${reason}`);
      console.warn(`\n  ⚠ engine tests skipped: ${reason}\n`);
      return { available: false, docker, endpoint: endpoint.url, reason };
    }
  })();
  return cached;
}

/** A unique, label-marked name so a test's containers can always be found and removed. */
export function testName(prefix: string): string {
  return `sutazai-test-${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

export const TEST_LABEL = 'ai.sutazai.test';

/** Removes every container, network and volume this test process created (by label). */
export async function cleanupTestObjects(docker: Docker, run: string): Promise<void> {
  const filters = JSON.stringify({ label: [`${TEST_LABEL}=${run}`] });
  const containers = await docker.listContainers({ all: true, filters });
  await Promise.all(
    containers.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true, v: true })
        .catch(() => undefined),
    ),
  );
  const networks = await docker.listNetworks({ filters });
  await Promise.all(
    networks.map((n) =>
      docker
        .getNetwork(n.Id)
        .remove()
        .catch(() => undefined),
    ),
  );
  const volumes = await docker.listVolumes({ filters });
  await Promise.all(
    (volumes.Volumes ?? []).map((v) =>
      docker
        .getVolume(v.Name)
        .remove()
        .catch(() => undefined),
    ),
  );
}

/**
 * Creates (not starts) a container labelled as service `name` of compose project `project`,
 * marked with this test run's label so cleanup finds it.
 */
export function createServiceContainer(
  docker: Docker,
  o: {
    run: string;
    project: string;
    name: string;
    tier: string;
    cmd: string[];
    options?: Partial<Docker.ContainerCreateOptions>;
  },
): Promise<Docker.Container> {
  return docker.createContainer({
    name: `${o.project}-${o.name}`,
    Image: TEST_IMAGE,
    Cmd: o.cmd,
    StopTimeout: 1,
    Labels: { [TEST_LABEL]: o.run, [LABELS.project]: o.project, [LABELS.service]: o.name, [LABELS.tier]: o.tier },
    ...o.options,
  });
}
