import { execFileSync } from 'node:child_process';
import { PrivateEngine } from './private-engine';

/**
 * A private engine made a one-node swarm manager on its own bridge address. Swarm is only ever
 * started on engines a test created: the shared engine is never made a manager. The swarm's
 * `docker_gwbridge` interface, which dockerd leaves behind in the host's namespace, goes with it.
 */
export class SwarmEngine {
  /** Made by start(), not when a spec file is only collected (its folder would be left behind). */
  private made: PrivateEngine | undefined;
  private gwbridgeExisted = true;

  /**
   * `address`: the engine's bridge; with `netns` the engine lives in that network namespace and its
   * swarm listens on `swarmAddress` there (its docker_gwbridge then stays in the namespace too).
   */
  constructor(
    readonly address: string,
    private readonly namespace: string,
    private readonly o: { netns?: string; swarmAddress?: string } = {},
  ) {}

  get engine(): PrivateEngine {
    if (!this.made) throw new Error('the swarm engine was not started');
    return this.made;
  }

  get swarmAddress(): string {
    return this.o.swarmAddress ?? this.address;
  }

  get docker() {
    return this.engine.docker;
  }

  async start(): Promise<void> {
    this.gwbridgeExisted = this.o.netns !== undefined || linkExists('docker_gwbridge');
    this.made = new PrivateEngine({
      bridgeAddress: `${this.address}/24`,
      namespace: this.namespace,
      ...(this.o.netns ? { netns: this.o.netns } : {}),
    });
    await this.engine.start();
    this.engine.loadTestImage();
  }

  async initSwarm(): Promise<void> {
    const at = this.swarmAddress;
    await this.docker.swarmInit({ ListenAddr: `${at}:2377`, AdvertiseAddr: at, DataPathAddr: at });
  }

  /** Joins the swarm of `manager` as a worker, on this engine's swarm address only. */
  async joinSwarm(manager: SwarmEngine): Promise<void> {
    const swarm = (await manager.docker.swarmInspect()) as { JoinTokens: { Worker: string } };
    const at = this.swarmAddress;
    await this.docker.swarmJoin({
      ListenAddr: `${at}:2377`,
      AdvertiseAddr: at,
      DataPathAddr: at,
      RemoteAddrs: [`${manager.swarmAddress}:2377`],
      JoinToken: swarm.JoinTokens.Worker,
    });
  }

  async destroy(): Promise<void> {
    if (!this.made) return;
    await this.docker.swarmLeave({ force: true }).catch(() => undefined);
    await this.engine.destroy();
    if (!this.gwbridgeExisted && linkExists('docker_gwbridge'))
      execFileSync('ip', ['link', 'delete', 'docker_gwbridge'], { stdio: 'ignore' });
  }
}

function linkExists(name: string): boolean {
  try {
    execFileSync('ip', ['link', 'show', name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
