import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTestObjects, TEST_IMAGE, TEST_LABEL, testEngine, testName } from '../../test-support/engine';
import { defaultBridgeGateway } from './bridge-gateway';
import { discoverEngine } from './engine-discovery';
import { EngineClient } from './engine-client';

const engine = await testEngine();
const local = discoverEngine().url.startsWith('unix://');

describe.skipIf(!engine.available || !local)('defaultBridgeGateway on the local engine', () => {
  const client = new EngineClient(discoverEngine());
  const run = testName('gateway');
  afterAll(() => cleanupTestObjects(engine.docker, run));

  it('is where host.docker.internal (host-gateway) leads from a container, and an address of this machine', async () => {
    const gateway = await defaultBridgeGateway(client);
    expect(gateway.ok, gateway.ok ? '' : gateway.reason).toBe(true);
    const address = (gateway as { address: string }).address;
    // Only an address of this machine can be listened on.
    const probe = createServer();
    await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(0, address, resolve));
    await new Promise((resolve) => probe.close(resolve));
    // What the templates' extra_hosts entry gives a container, and the gateway the engine gives it.
    const container = await engine.docker.createContainer({
      name: run,
      Image: TEST_IMAGE,
      Cmd: ['sh', '-c', 'cat /etc/hosts; sleep 30'],
      Tty: true,
      Labels: { [TEST_LABEL]: run },
      HostConfig: { ExtraHosts: ['host.docker.internal:host-gateway'] },
    });
    await container.start();
    const inspected = await container.inspect();
    let hosts = '';
    await expect
      .poll(async () => (hosts = (await container.logs({ stdout: true })).toString('latin1')), { timeout: 10_000 })
      .toContain('host.docker.internal');
    expect(hosts).toMatch(new RegExp(`^${address.replace(/\./g, '\\.')}\\s+host\\.docker\\.internal\\r?$`, 'm'));
    expect(inspected.NetworkSettings.Networks.bridge?.Gateway).toBe(address);
  });

  it('finds its own address on the bridge when the engine lists no gateway (as Docker 20.10 may not)', async () => {
    const gateway = await defaultBridgeGateway(withoutListedGateway(client));
    expect(gateway.ok, gateway.ok ? '' : gateway.reason).toBe(true);
    const listed = (await client.docker.getNetwork('bridge').inspect()) as BridgeNetwork;
    expect((gateway as { address: string }).address).toBe(listed.IPAM!.Config![0]!.Gateway);
  });

  it('says why when this machine has no address on the bridge (a rootless or VM engine)', async () => {
    // The engine's own description of its bridge, with no gateway listed, and the address a machine
    // without that bridge would send from: its default route's.
    const gateway = await defaultBridgeGateway(withoutListedGateway(client), async () => '192.0.2.2');
    expect(gateway).toEqual({
      ok: false,
      reason: expect.stringMatching(/^the engine's default bridge \(\S+, [\d./]+\) has no address on this machine/),
    });
  });
});

interface BridgeNetwork {
  IPAM?: { Config?: { Subnet?: string; Gateway?: string }[] | null };
}

/** The engine, answering for its default bridge what it answers, less the listed gateways. */
function withoutListedGateway(client: EngineClient): Pick<EngineClient, 'docker' | 'endpoint'> {
  const docker = {
    getNetwork: (name: string) => ({
      inspect: async () => {
        const network = (await client.docker.getNetwork(name).inspect()) as BridgeNetwork;
        const Config = (network.IPAM?.Config ?? []).map(({ Gateway: _listed, ...rest }) => rest);
        return { ...network, IPAM: { ...network.IPAM, Config } };
      },
    }),
  } as unknown as EngineClient['docker'];
  return { docker, endpoint: client.endpoint };
}

describe('defaultBridgeGateway without a local engine', () => {
  it('says a remote engine’s bridge is not on this machine, without asking it', async () => {
    const remote = new EngineClient(discoverEngine({ env: { DOCKER_HOST: 'tcp://192.0.2.10:2375' } }));
    expect(await defaultBridgeGateway(remote)).toEqual({
      ok: false,
      reason: 'the engine at tcp://192.0.2.10:2375 is not on this machine, so its bridge is not either',
    });
  });

  it('says the engine did not answer when nothing listens on its socket', async () => {
    const absent = new EngineClient(discoverEngine({ env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' } }));
    const gateway = await defaultBridgeGateway(absent);
    expect(gateway).toEqual({
      ok: false,
      reason: expect.stringMatching(/^the engine did not describe its default bridge network \(.*ENOENT/),
    });
  });
});
