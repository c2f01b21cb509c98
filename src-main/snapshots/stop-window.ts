import type Docker from 'dockerode';
import type { EventKind } from '../../src-shared/api';
import type { MaintenanceHolds } from '../maintenance';
import { waitReady } from '../stack';
import { orderForStop, type ProjectInventory } from './project-inventory';

export interface EventSink {
  record(e: {
    kind: EventKind;
    project: string;
    service: string;
    severity: 'info' | 'warning' | 'critical';
    message: string;
    data?: Record<string, number | string | boolean>;
  }): unknown;
}

export interface StopWindowDeps {
  docker: Docker;
  holds: MaintenanceHolds;
  events: EventSink;
}

export interface StopWindowResult<T> {
  value: T;
  /** How long each service was down. */
  downtimeMs: Record<string, number>;
  /** Services that did not start again, with why (the snapshot itself is not lost for it). */
  notStarted: { service: string; error: string }[];
}

/**
 * Runs `work` while these services are stopped: they are held for maintenance first (the supervisor
 * leaves them alone, the guard does not choose them), stopped with their own grace period in the
 * order compose would stop them (what depends on another first), and started again in the reverse
 * order, each awaited until its healthcheck passes before the next, whatever `work` did (a failure,
 * a cancel). A hold is released only once its service runs again.
 */
export async function withServicesStopped<T>(
  deps: StopWindowDeps,
  inventory: ProjectInventory,
  services: string[],
  reason: string,
  work: () => Promise<T>,
): Promise<StopWindowResult<T>> {
  const project = inventory.project;
  const order = orderForStop(inventory, services).filter((s) =>
    inventory.services.some((x) => x.service === s && x.running),
  );
  deps.holds.hold(project, order, reason);
  const stoppedAt = new Map<string, number>();
  const downtimeMs: Record<string, number> = {};
  const notStarted: { service: string; error: string }[] = [];
  try {
    for (const service of order) {
      const svc = inventory.services.find((x) => x.service === service)!;
      deps.holds.markStopped(project, service);
      const container = deps.docker.getContainer(svc.containerId);
      const grace = ((await container.inspect()).Config as { StopTimeout?: number }).StopTimeout ?? 10;
      stoppedAt.set(service, Date.now());
      await container.stop({ t: grace }).catch((err: { statusCode?: number }) => {
        if (err.statusCode !== 304) throw err;
      });
      deps.events.record({
        kind: 'maintenance',
        project,
        service,
        severity: 'info',
        message: `stopped ${service} for ${reason}`,
      });
    }
    const value = await work();
    return { value, downtimeMs, notStarted };
  } finally {
    for (const service of [...stoppedAt.keys()].reverse()) {
      const svc = inventory.services.find((x) => x.service === service)!;
      try {
        await deps.docker
          .getContainer(svc.containerId)
          .start()
          .catch((err: { statusCode?: number }) => {
            if (err.statusCode !== 304) throw err;
          });
        await waitReady(deps.docker, svc.containerId, svc.healthcheck);
        deps.holds.markStarted(project, service);
        downtimeMs[service] = Date.now() - stoppedAt.get(service)!;
        deps.events.record({
          kind: 'maintenance',
          project,
          service,
          severity: 'info',
          message: `started ${service} again after ${reason} (down ${(downtimeMs[service] / 1000).toFixed(1)} s)`,
          data: { downtimeMs: downtimeMs[service] },
        });
      } catch (err) {
        const error = (err as Error).message;
        notStarted.push({ service, error });
        deps.events.record({
          kind: 'maintenance',
          project,
          service,
          severity: 'critical',
          message: `${service} did not start again after ${reason}: ${error}. Start it from the Stack page.`,
        });
      }
    }
    deps.holds.release(project, order);
  }
}
