import { randomBytes, randomUUID } from 'node:crypto';
import {
  ApiError,
  type CloneReport,
  type EventKind,
  type RestorePlan,
  type RestoreReport,
  type SnapshotProgress,
} from '../../src-shared/api';
import type { OperationLock } from '../maintenance';
import type { HelperContainers } from './helper-containers';
import { runClone, type CloneDeps } from './snapshot-cloner';
import { planRestore, runRestore, type RestoreDeps } from './snapshot-restorer';
import type { SnapshotStore, StoredSnapshot } from './snapshot-store';
import { openSecrets } from './snapshot-summary';

const TOKEN_LIFE_MS = 10 * 60_000;

type Emit = (
  p: Partial<Pick<SnapshotProgress, 'bytesDone' | 'bytesTotal'>> &
    Pick<SnapshotProgress, 'phase' | 'message'> & { service?: string; volume?: string },
) => void;

/** What the snapshot service lends its restores and clones. */
export interface OperationContext {
  project: string;
  store: SnapshotStore;
  lock: OperationLock;
  helpers: HelperContainers;
  now: () => number;
  emitter: (operation: SnapshotProgress['operation'], operationId: string, snapshotId: string) => Emit;
  record: (
    kind: EventKind,
    severity: 'info' | 'warning' | 'critical',
    message: string,
    data?: Record<string, string | number | boolean>,
  ) => void;
  /** Verifies a snapshot and refuses it when a file does not match. */
  verified: (stored: StoredSnapshot) => Promise<void>;
  restoreDeps: (progress: RestoreDeps['progress']) => RestoreDeps;
  cloneDeps: (progress: CloneDeps['progress']) => CloneDeps;
}

/**
 * Restores (shown as a plan first, then confirmed with its token within 10 minutes) and clones, each
 * verified first and run under the project's lock, with progress and events.
 */
export class RestoreOperations {
  private readonly tokens = new Map<string, { id: string; expiresAt: number }>();

  constructor(private readonly c: OperationContext) {}

  async plan(id: string): Promise<RestorePlan> {
    const plan = await planRestore(
      this.c.restoreDeps(() => undefined),
      this.c.store.find(id),
    );
    const confirmToken = randomBytes(16).toString('hex');
    const expiresAt = this.c.now() + TOKEN_LIFE_MS;
    this.tokens.set(confirmToken, { id, expiresAt });
    return { ...plan, confirmToken, expiresAt: new Date(expiresAt).toISOString() };
  }

  async restore(o: { id: string; confirmToken: string; passphrase?: string }): Promise<RestoreReport> {
    const token = this.tokens.get(o.confirmToken);
    if (!token || token.id !== o.id || token.expiresAt < this.c.now())
      throw new ApiError(
        'CONFLICT',
        'This restore was not confirmed, or its confirmation expired',
        'Show what the restore overwrites again, then confirm.',
      );
    this.tokens.delete(o.confirmToken);
    const stored = this.c.store.find(o.id);
    const release = this.c.lock.acquire(this.c.project, 'a restore');
    const operationId = randomUUID();
    const abort = new AbortController();
    const emit = this.c.emitter('restore', operationId, o.id);
    try {
      await this.c.verified(stored);
      const secrets = await openSecrets(stored, o.passphrase);
      await this.c.helpers.ensureImage();
      const report = await runRestore(this.c.restoreDeps(emit), stored, { operationId, secrets, signal: abort.signal });
      emit({ phase: 'done', bytesDone: 0, bytesTotal: 0, message: `restored ${o.id}` });
      const failed = report.started.filter((s) => !s.ready);
      this.c.record(
        failed.length ? 'snapshot-restore-failed' : 'snapshot-restored',
        failed.length ? 'critical' : 'info',
        `restored ${o.id} into ${this.c.project}${failed.length ? `; not running again: ${failed.map((f) => `${f.service} (${f.error ?? 'not ready'})`).join(', ')}` : ''}`,
        { id: o.id, durationMs: report.durationMs },
      );
      return report;
    } catch (err) {
      emit({ phase: 'failed', bytesDone: 0, bytesTotal: 0, message: (err as Error).message });
      this.c.record('snapshot-restore-failed', 'critical', `restore of ${o.id} failed: ${(err as Error).message}`, {
        id: o.id,
      });
      throw err;
    } finally {
      release();
    }
  }

  async clone(o: { id: string; project: string; passphrase?: string; acknowledge?: boolean }): Promise<CloneReport> {
    const stored = this.c.store.find(o.id);
    const release = this.c.lock.acquire(o.project, 'a clone');
    const operationId = randomUUID();
    const emit = this.c.emitter('clone', operationId, o.id);
    try {
      await this.c.verified(stored);
      const secrets = await openSecrets(stored, o.passphrase);
      await this.c.helpers.ensureImage();
      const report = await runClone(
        this.c.cloneDeps((p) => emit({ ...p, bytesDone: 0, bytesTotal: 0 })),
        stored,
        { project: o.project, secrets, acknowledge: Boolean(o.acknowledge), signal: new AbortController().signal },
      );
      emit({ phase: 'done', bytesDone: 0, bytesTotal: 0, message: `cloned ${o.id} into ${o.project}` });
      this.c.record(
        'snapshot-cloned',
        'info',
        `cloned ${o.id} into project ${o.project}${report.ports.length ? ` (ports ${report.ports.map((p) => `${p.from}→${p.to}`).join(', ')})` : ''}`,
        {
          id: o.id,
          clone: o.project,
        },
      );
      return report;
    } catch (err) {
      emit({ phase: 'failed', bytesDone: 0, bytesTotal: 0, message: (err as Error).message });
      throw err;
    } finally {
      release();
    }
  }
}
