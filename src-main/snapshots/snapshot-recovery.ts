import type Docker from 'dockerode';
import type { EventKind } from '../../src-shared/api';
import { ownerAlive, type MaintenanceHolds, type OperationLock } from '../maintenance';
import { waitReady } from '../stack';
import type { HelperContainers } from './helper-containers';
import { readInventory } from './project-inventory';
import { resumeRedis } from './redis-method';
import type { RestoreJournals } from './restore-journal';
import { recoverRestore, type RestoreDeps } from './snapshot-restorer';
import type { SnapshotStore } from './snapshot-store';

export interface RecoveryDeps {
  docker: Docker;
  project: string;
  store: SnapshotStore;
  helpers: HelperContainers;
  holds: MaintenanceHolds;
  journals: RestoreJournals;
  lock: OperationLock;
  restore: RestoreDeps;
  record: (kind: EventKind, severity: 'info' | 'warning' | 'critical', message: string) => void;
}

/**
 * What the next start does after a snapshot, restore or clone process died in the middle (a crash, a
 * power cut, `kill -9`): its unfinished snapshot folders and helper containers are removed, an
 * interrupted restore is finished from its journal, and every service it held is started again
 * (and a setting it changed put back). Nothing runs while another live process holds the project.
 */
export async function recoverAfterCrash(d: RecoveryDeps): Promise<string[]> {
  const holder = d.lock.holder(d.project);
  if (holder && ownerAlive(holder.owner)) return [];
  const said: string[] = [];
  const say = (kind: EventKind, severity: 'info' | 'warning' | 'critical', message: string): void => {
    said.push(message);
    d.record(kind, severity, message);
  };
  for (const id of d.store.removeAbandoned())
    say(
      'snapshot-failed',
      'warning',
      `snapshot ${id} did not finish (its process ended); its unfinished folder was removed`,
    );
  await d.helpers.removeOrphans().catch(() => 0);
  const journal = d.journals.read(d.project);
  if (journal && !ownerAlive(journal.owner)) {
    try {
      say('snapshot-restored', 'warning', await recoverRestore(d.restore, journal));
    } catch (err) {
      say(
        'snapshot-restore-failed',
        'critical',
        `an interrupted restore of ${journal.snapshotId} could not be finished: ${(err as Error).message}`,
      );
    }
  }
  const stale = d.holds.stale(d.project);
  if (stale.length === 0) return said;
  const inventory = await readInventory(d.docker, d.project);
  for (const hold of stale) {
    const svc = inventory.services.find((s) => s.service === hold.service);
    try {
      if (svc && hold.undo?.method === 'redis-bgsave' && svc.running)
        await resumeRedis(d.docker, { id: svc.containerId, env: svc.env, cmd: svc.cmd }, hold.undo.args);
      if (svc && hold.stopped && !svc.running) {
        await d.docker
          .getContainer(svc.containerId)
          .start()
          .catch((err: { statusCode?: number }) => {
            if (err.statusCode !== 304) throw err;
          });
        await waitReady(d.docker, svc.containerId, svc.healthcheck);
        say(
          'maintenance',
          'warning',
          `started ${hold.service} again: ${hold.reason} stopped it and ended without finishing`,
        );
      }
    } catch (err) {
      say(
        'maintenance',
        'critical',
        `${hold.service} could not be started again after ${hold.reason} ended without finishing: ${(err as Error).message}`,
      );
    }
    d.holds.clear(d.project, hold.service);
  }
  return said;
}
