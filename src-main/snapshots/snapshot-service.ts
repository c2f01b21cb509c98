import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type Docker from 'dockerode';
import {
  ApiError,
  type CaptureOptions,
  type CapturePlan,
  type CloneReport,
  type CreateOptions,
  type RestorePlan,
  type RestoreReport,
  type ScheduleSettings,
  type ScheduleView,
  type SnapshotProgress,
  type SnapshotSummary,
  type VerifyReport,
} from '../../src-shared/api';
import { formatBytes } from '../../src-shared/format';
import { Emitter, type Event, type IDisposable } from '../base';
import { MaintenanceHolds, OperationLock } from '../maintenance';
import type { StackService } from '../stack';
import { planCapture } from './capture-plan';
import { planView } from './capture-plan-view';
import { HelperContainers } from './helper-containers';
import { readInventory } from './project-inventory';
import { RestoreJournals } from './restore-journal';
import { RestoreOperations } from './restore-operations';
import { recoverAfterCrash } from './snapshot-recovery';
import { createSnapshot } from './snapshot-creator';
import type { RestoreDeps } from './snapshot-restorer';
import { retentionVictims, SnapshotScheduler } from './snapshot-scheduler';
import { SnapshotStore, type StoredSnapshot } from './snapshot-store';
import { verifyFiles } from './snapshot-verifier';
import { requireVerified, summaryOf } from './snapshot-summary';
import type { EventSink } from './stop-window';
import { ProgressThrottle } from './progress-throttle';

/** The helper image when none is set: a small public image with sh, tar, du and find, pulled when missing. */
export const DEFAULT_HELPER_IMAGE = 'busybox:1.37.0';

interface SettingsStore {
  get<T>(key: string): T | undefined;
  set<T>(key: string, value: T): void;
}

export interface SnapshotServiceOptions {
  docker: Docker;
  /** The project this service acts on (any managed compose project, not only the SutazAI stack). */
  stack: StackService;
  home: string;
  events: EventSink;
  settings: SettingsStore;
  holds: MaintenanceHolds;
  appVersion: string;
  engineVersion: () => Promise<{ version: string; apiVersion: string }>;
  listModels?: () => Promise<{ name: string; digest: string; sizeBytes: number }[]>;
  /** Builds the StackService of another project (a clone). */
  makeStack: (o: { project: string; home: string; templatesDir: string }) => StackService;
  /** `SUTAZAI_SNAPSHOT_HELPER`, else the setting, else DEFAULT_HELPER_IMAGE. */
  helperImage?: string;
  /** Added to everything the service creates in the engine (the tests mark theirs). */
  labels?: Record<string, string>;
  now?: () => number;
}

const FOLDERS_KEY = 'snapshots.folders';

/**
 * Snapshots of one compose project: plan, create (with progress, cancellable), list, verify, restore,
 * clone, delete, and a schedule. Every operation that changes something takes the project's lock
 * (one at a time, across processes) and is recorded as an event.
 */
export class SnapshotService implements IDisposable {
  private readonly progress = new Emitter<SnapshotProgress>();
  readonly onProgress: Event<SnapshotProgress> = this.progress.event;
  readonly store: SnapshotStore;
  readonly helpers: HelperContainers;
  readonly scheduler: SnapshotScheduler;
  private readonly lock: OperationLock;
  private readonly journals: RestoreJournals;
  private readonly running = new Map<string, AbortController>();
  private readonly restores: RestoreOperations;

  constructor(private readonly o: SnapshotServiceOptions) {
    this.store = new SnapshotStore(() => this.knownFolders());
    this.helpers = new HelperContainers({
      docker: o.docker,
      image: o.helperImage ?? o.settings.get<string>('snapshots.helperImage') ?? DEFAULT_HELPER_IMAGE,
      project: o.stack.project,
      ...(o.labels ? { labels: o.labels } : {}),
    });
    this.lock = new OperationLock(o.home);
    this.journals = new RestoreJournals(o.home);
    this.restores = new RestoreOperations({
      project: o.stack.project,
      store: this.store,
      lock: this.lock,
      helpers: this.helpers,
      now: () => this.now(),
      emitter: (operation, operationId, snapshotId) => this.emitter(operation, operationId, snapshotId),
      record: (kind, severity, message, data) => this.record(kind, severity, message, data),
      verified: (stored) => this.checked(stored),
      restoreDeps: (progress) => this.restoreDeps(progress),
      cloneDeps: (progress) => ({
        docker: o.docker,
        helpers: this.helpers,
        stack: o.stack,
        makeStack: o.makeStack,
        clonesDir: join(o.home, 'clones'),
        labels: o.labels ?? {},
        progress,
      }),
    });
    this.scheduler = new SnapshotScheduler({
      settings: o.settings,
      run: async (s) => (await this.create({ includeModelWeights: s.includeModelWeights }, 'schedule')).id,
      prune: (keep) => this.prune(keep),
      latestScheduled: () => {
        const latest = this.store
          .list()
          .find((x) => x.manifest.project === this.project && x.manifest.trigger === 'schedule');
        return latest ? new Date(latest.manifest.createdAt) : undefined;
      },
      ...(o.now ? { now: o.now } : {}),
    });
  }

  get project(): string {
    return this.o.stack.project;
  }

  get defaultFolder(): string {
    return join(this.o.home, 'snapshots');
  }

  list(): SnapshotSummary[] {
    return this.store
      .list()
      .filter((s) => s.manifest.project === this.project)
      .map(summaryOf);
  }

  async plan(options: CaptureOptions = {}): Promise<CapturePlan> {
    const destination = options.destination ? this.store.prepareFolder(options.destination) : this.defaultFolder;
    const plan = await planCapture(
      this.o.docker,
      this.helpers,
      await readInventory(this.o.docker, this.project),
      options,
    );
    return planView(plan, {
      project: this.project,
      destination,
      helpers: this.helpers,
      ...(this.o.listModels ? { listModels: this.o.listModels } : {}),
    });
  }

  async create(options: CreateOptions = {}, trigger: 'manual' | 'schedule' = 'manual'): Promise<SnapshotSummary> {
    const folder = options.destination ? this.store.prepareFolder(options.destination) : this.defaultFolder;
    this.store.prepareFolder(folder);
    const release = this.lock.acquire(this.project, 'a snapshot');
    const operationId = randomUUID();
    const id = this.store.newId(this.project, folder, new Date(this.now()));
    const abort = new AbortController();
    this.running.set(operationId, abort);
    const emit = this.emitter('create', operationId, id);
    const began = this.now();
    try {
      let pulled = false;
      if (!(await this.helpers.present())) {
        emit({ phase: 'pulling', message: `pulling ${this.helpers.image}: 0%` });
        await this.helpers.ensureImage((p) =>
          emit({ phase: 'pulling', message: `pulling ${this.helpers.image}: ${p.percent}%` }),
        );
        pulled = true;
      }
      emit({
        phase: 'planning',
        message: `${pulled ? `pulled ${this.helpers.image}; ` : ''}reading the project and choosing methods`,
      });
      const plan = await planCapture(
        this.o.docker,
        this.helpers,
        await readInventory(this.o.docker, this.project),
        options,
      );
      const dir = await createSnapshot(
        {
          docker: this.o.docker,
          helpers: this.helpers,
          store: this.store,
          holds: this.o.holds,
          events: this.o.events,
          config: {
            templatesDir: this.o.stack.templatesDir,
            overrideFile: this.o.stack.overrideFile,
            secretsFile: this.o.stack.secrets.file,
            secretNames: Object.keys(this.o.stack.secrets.read()),
            exclude: [this.o.home, folder, ...this.knownFolders()],
          },
          appVersion: this.o.appVersion,
          engineVersion: this.o.engineVersion,
          ...(this.o.listModels ? { listModels: this.o.listModels } : {}),
          progress: emit,
        },
        plan,
        {
          id,
          folder,
          trigger,
          includeModelWeights: Boolean(options.includeModelWeights),
          signal: abort.signal,
          ...(options.label ? { label: options.label } : {}),
          ...(options.passphrase ? { passphrase: options.passphrase } : {}),
        },
      );
      if (folder !== this.defaultFolder) this.remember(folder);
      const summary = summaryOf({ id, folder, manifest: this.store.readManifest(dir) });
      emit({
        phase: 'done',
        bytesDone: summary.dataBytes,
        bytesTotal: summary.dataBytes,
        message: `${id} is complete`,
      });
      this.record(
        'snapshot-created',
        'info',
        `snapshot ${id} complete: ${summary.services.length} services, ${formatBytes(summary.archiveBytes)} in ${dir}`,
        {
          id,
          trigger,
          archiveBytes: summary.archiveBytes,
          durationMs: this.now() - began,
        },
      );
      return summary;
    } catch (err) {
      const cancelled = abort.signal.aborted;
      const message = (err as Error).message;
      emit({ phase: cancelled ? 'cancelled' : 'failed', bytesDone: 0, bytesTotal: 0, message });
      if (cancelled)
        this.record('snapshot-cancelled', 'info', `snapshot ${id} was cancelled; nothing was kept`, { id, trigger });
      else
        this.record(
          'snapshot-failed',
          trigger === 'schedule' ? 'critical' : 'warning',
          `${trigger === 'schedule' ? 'scheduled ' : ''}snapshot ${id} failed: ${message}`,
          {
            id,
            trigger,
          },
        );
      throw cancelled ? new ApiError('CANCELLED', `The snapshot was cancelled; nothing was kept`) : err;
    } finally {
      this.running.delete(operationId);
      release();
    }
  }

  cancel(operationId: string): { cancelled: boolean } {
    const c = this.running.get(operationId);
    c?.abort();
    return { cancelled: Boolean(c) };
  }

  async verify(id: string): Promise<VerifyReport> {
    const stored = this.store.find(id);
    const report = await verifyFiles(stored.dir, stored.manifest);
    this.store.recordVerification(stored.dir, report.ok, report.checkedAt);
    return report;
  }

  restorePlan(id: string): Promise<RestorePlan> {
    return this.restores.plan(id);
  }

  restore(o: { id: string; confirmToken: string; passphrase?: string }): Promise<RestoreReport> {
    return this.restores.restore(o);
  }

  clone(o: { id: string; project: string; passphrase?: string; acknowledge?: boolean }): Promise<CloneReport> {
    return this.restores.clone(o);
  }

  delete(id: string): { deleted: string } {
    const stored = this.store.find(id);
    if (stored.manifest.project !== this.project)
      throw new ApiError('INVALID_INPUT', `${id} is a snapshot of ${stored.manifest.project}, not ${this.project}`);
    const dir = this.store.remove(id);
    this.record('snapshot-deleted', 'info', `deleted snapshot ${id} (${dir})`, { id });
    return { deleted: id };
  }

  schedule(): ScheduleView {
    return this.scheduler.view();
  }

  setSchedule(patch: Partial<ScheduleSettings>): ScheduleView {
    return this.scheduler.update(patch);
  }

  /** After a crash or `kill -9`: unfinished snapshots removed, a restore finished, held services started again. */
  async recover(): Promise<string[]> {
    return recoverAfterCrash({
      docker: this.o.docker,
      project: this.project,
      store: this.store,
      helpers: this.helpers,
      holds: this.o.holds,
      journals: this.journals,
      lock: this.lock,
      restore: this.restoreDeps(() => undefined),
      record: (kind, severity, message) => this.record(kind, severity, message),
    });
  }

  dispose(): void {
    for (const c of this.running.values()) c.abort();
    this.scheduler.dispose();
    this.progress.dispose();
  }

  private async prune(keep: number): Promise<string[]> {
    const victims = retentionVictims(
      this.store
        .list()
        .filter((s) => s.manifest.project === this.project)
        .map((s) => ({ ...s, trigger: s.manifest.trigger, createdAt: s.manifest.createdAt })),
      keep,
    );
    for (const v of victims) this.delete(v.id);
    return victims.map((v) => v.id);
  }

  private async checked(stored: StoredSnapshot): Promise<void> {
    const report = await verifyFiles(stored.dir, stored.manifest);
    this.store.recordVerification(stored.dir, report.ok, report.checkedAt);
    requireVerified(report);
  }

  private restoreDeps(progress: RestoreDeps['progress']): RestoreDeps {
    return {
      docker: this.o.docker,
      helpers: this.helpers,
      holds: this.o.holds,
      events: this.o.events,
      journals: this.journals,
      stack: this.o.stack,
      labels: this.o.labels ?? {},
      exclude: [this.o.home, ...this.knownFolders()],
      appVersion: this.o.appVersion,
      ...(this.o.listModels ? { listModels: this.o.listModels } : {}),
      progress,
    };
  }

  private emitter(operation: SnapshotProgress['operation'], operationId: string, snapshotId: string) {
    const throttle = new ProgressThrottle<SnapshotProgress>((p) => this.progress.fire(p));
    return (
      p: Partial<Pick<SnapshotProgress, 'bytesDone' | 'bytesTotal'>> &
        Pick<SnapshotProgress, 'phase' | 'message'> & { service?: string; volume?: string },
    ) =>
      throttle.push({
        operation,
        operationId,
        project: this.project,
        snapshotId,
        bytesDone: 0,
        bytesTotal: 0,
        ...p,
        time: this.now(),
      });
  }

  private knownFolders(): string[] {
    return [this.defaultFolder, ...(this.o.settings.get<string[]>(FOLDERS_KEY) ?? [])];
  }

  private remember(folder: string): void {
    const known = this.o.settings.get<string[]>(FOLDERS_KEY) ?? [];
    if (!known.includes(folder)) this.o.settings.set(FOLDERS_KEY, [...known, folder].slice(-20));
  }

  private record(
    kind: Parameters<EventSink['record']>[0]['kind'],
    severity: 'info' | 'warning' | 'critical',
    message: string,
    data?: Record<string, string | number | boolean>,
  ): void {
    this.o.events.record({ kind, project: this.project, service: '', severity, message, ...(data ? { data } : {}) });
  }

  private now(): number {
    return (this.o.now ?? Date.now)();
  }
}
