import type Docker from 'dockerode';
import type { Tier } from '../../src-shared/api';
import type { IDisposable } from '../base';
import type { EventLog } from '../events';
import type { GuardThresholds } from '../guard';
import { SwarmNodeGuard } from './swarm-node-guard';
import { SwarmNodeProbe } from './swarm-node-probe';

export interface SwarmWatchOptions {
  docker: Docker;
  stack: string;
  events: EventLog;
  defaultTier: () => Tier;
  dryRun?: () => boolean;
  /** The probe's image (default busybox); it must be on every node, or in a registry they reach. */
  image?: string;
  everySeconds?: number;
  thresholds?: GuardThresholds;
  settleMs?: number;
}

/**
 * What runs for a stack deployed on a swarm while the app is open: the global probe service on
 * every node and the guard judging each node from it. Started by a deploy or when the stack is
 * first seen; stopped when the whole stack is removed.
 */
export class SwarmWatch implements IDisposable {
  private parts: { probe: SwarmNodeProbe; guard: SwarmNodeGuard } | undefined;
  private running = false;

  constructor(private readonly o: SwarmWatchOptions) {}

  get docker(): Docker {
    return this.o.docker;
  }

  /** The probe and the guard (made, not started, when not running). */
  get current(): { probe: SwarmNodeProbe; guard: SwarmNodeGuard } {
    if (!this.parts) {
      const probe = new SwarmNodeProbe({
        docker: this.o.docker,
        stack: this.o.stack,
        ...(this.o.image ? { image: this.o.image } : {}),
        ...(this.o.everySeconds ? { everySeconds: this.o.everySeconds } : {}),
      });
      const guard = new SwarmNodeGuard({
        docker: this.o.docker,
        stack: this.o.stack,
        probe,
        events: this.o.events,
        defaultTier: this.o.defaultTier,
        ...(this.o.dryRun ? { dryRun: this.o.dryRun } : {}),
        ...(this.o.thresholds ? { thresholds: this.o.thresholds } : {}),
        ...(this.o.settleMs !== undefined ? { settleMs: this.o.settleMs } : {}),
      });
      this.parts = { probe, guard };
    }
    return this.parts;
  }

  get started(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.current.probe.start();
    this.current.guard.start();
  }

  /** Stops following the nodes (the probe service itself goes with the stack). */
  stop(): void {
    this.running = false;
    this.parts?.guard.dispose();
    this.parts?.probe.dispose();
    this.parts = undefined;
  }

  dispose(): void {
    this.stop();
  }
}
