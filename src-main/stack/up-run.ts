import type Docker from 'dockerode';
import type { UpReport } from '../../src-shared/api';
import { isConnectionError, pingFailure } from '../engine';

type ServiceReport = UpReport['services'][number];

/**
 * One `up`: what it created and started, and whether the engine went away under it. The first
 * failure that comes from a lost connection, or after which the engine no longer answers a new
 * connection, marks the engine as stopped for the rest of the run; then `up` says so once instead of
 * giving each service the socket error.
 */
export class UpRun {
  private readonly networks: string[] = [];
  private readonly volumes: string[] = [];
  private readonly containers: string[] = [];
  private readonly started: string[] = [];
  private lostReason: string | undefined;
  private checking: Promise<string | undefined> | undefined;

  constructor(private readonly docker: Docker) {}

  createdNetwork(name: string): void {
    this.networks.push(name);
  }

  createdVolume(name: string): void {
    this.volumes.push(name);
  }

  createdContainer(name: string): void {
    this.containers.push(name);
  }

  startedService(service: string): void {
    this.started.push(service);
  }

  /** Whether the engine has stopped during this run, judged after a failure (`err`, when there is one). */
  async engineLost(err?: unknown): Promise<boolean> {
    if (this.lostReason !== undefined) return true;
    if (isConnectionError(err)) {
      this.lostReason = (err as Error).message;
      return true;
    }
    this.checking ??= pingFailure(this.docker, 3000).finally(() => (this.checking = undefined));
    const failure = await this.checking;
    if (failure === undefined) return this.lostReason !== undefined;
    // Why the engine is gone (its socket refused...), not what the lost engine last answered.
    this.lostReason ??= failure;
    return true;
  }

  /** The report of a run the engine's stop cut short: each unfinished service once, and what was done. */
  report(
    base: { project: string; profile: string; durationMs: number },
    services: ServiceReport[],
    wait: boolean,
  ): UpReport {
    const done = (s: ServiceReport) => s.outcome !== 'failed' && s.outcome !== 'skipped' && (!wait || s.ready);
    const created = [
      this.networks.length ? `network${this.networks.length > 1 ? 's' : ''} ${this.networks.join(', ')}` : '',
      this.volumes.length ? `volume${this.volumes.length > 1 ? 's' : ''} ${this.volumes.join(', ')}` : '',
      this.containers.length ? `container${this.containers.length > 1 ? 's' : ''} ${this.containers.join(', ')}` : '',
    ].filter(Boolean);
    const before =
      created.length || this.started.length
        ? `Before it stopped, this up ${[created.length ? `created ${created.join('; ')}` : '', this.started.length ? `started ${this.started.join(', ')}` : ''].filter(Boolean).join(' and ')}.`
        : 'Nothing was created before it stopped.';
    return {
      ...base,
      ok: false,
      services: services.map((s) => (done(s) ? s : { service: s.service, outcome: 'interrupted', ready: false })),
      error: `The Docker engine stopped during up (${this.lostReason}). ${before} Start the profile again once the engine is back: up continues from there.`,
      engineStopped: {
        reason: this.lostReason ?? '',
        created: { networks: [...this.networks], volumes: [...this.volumes], containers: [...this.containers] },
        started: [...this.started],
      },
    };
  }
}
