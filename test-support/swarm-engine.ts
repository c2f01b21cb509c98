import { execFileSync } from 'node:child_process';
import { PrivateEngine } from './private-engine';

/**
 * A private engine made a one-node swarm manager on its own bridge address. Swarm is only ever
 * started on engines a test created: the shared engine is never made a manager. The swarm's
 * `docker_gwbridge` interface, which dockerd leaves behind in the host's namespace, goes with it.
 */
export class SwarmEngine {
  readonly engine: PrivateEngine;
  private gwbridgeExisted = true;

  constructor(
    readonly address: string,
    namespace: string,
  ) {
    this.engine = new PrivateEngine({ bridgeAddress: `${address}/24`, namespace });
  }

  get docker() {
    return this.engine.docker;
  }

  async start(): Promise<void> {
    this.gwbridgeExisted = linkExists('docker_gwbridge');
    await this.engine.start();
    this.engine.loadTestImage();
  }

  async initSwarm(): Promise<void> {
    await this.docker.swarmInit({ ListenAddr: `${this.address}:2377`, AdvertiseAddr: this.address });
  }

  async destroy(): Promise<void> {
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
