import type { ScheduleSettings, ScheduleView } from '../../src-shared/api';
import { DEFAULT_SCHEDULE, scheduleSettings } from '../../src-shared/api/features/snapshot-model';
import type { IDisposable } from '../base';

/** The next time the schedule runs after `after` (local time of day; weekly on its weekday), or null when off. */
export function nextRun(s: ScheduleSettings, after: Date): Date | null {
  if (!s.enabled) return null;
  const [h, m] = s.time.split(':').map(Number) as [number, number];
  const next = new Date(after);
  next.setHours(h, m, 0, 0);
  if (next <= after) next.setDate(next.getDate() + 1);
  if (s.frequency === 'weekly') while (next.getDay() !== s.weekday) next.setDate(next.getDate() + 1);
  return next;
}

/** The latest time the schedule should have run at or before `at`. */
export function lastSlot(s: ScheduleSettings, at: Date): Date | null {
  if (!s.enabled) return null;
  const period = s.frequency === 'weekly' ? 7 : 1;
  const back = new Date(at);
  back.setDate(back.getDate() - period);
  const slot = nextRun(s, back);
  return slot && slot <= at ? slot : null;
}

/** The scheduled snapshots to delete so that the newest `keep` remain; manual ones are never counted or deleted. */
export function retentionVictims<T extends { id: string; trigger: string; createdAt: string }>(
  snapshots: T[],
  keep: number,
): T[] {
  return snapshots
    .filter((s) => s.trigger === 'schedule')
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))
    .slice(keep);
}

interface SettingsStore {
  get<T>(key: string): T | undefined;
  set<T>(key: string, value: T): void;
}

export interface SchedulerOptions {
  settings: SettingsStore;
  /** Makes a scheduled snapshot; rejects when it fails (the service records the event). */
  run: (s: ScheduleSettings) => Promise<string>;
  /** Deletes scheduled snapshots beyond the newest `keep`. */
  prune: (keep: number) => Promise<string[]>;
  /** When the newest scheduled snapshot of the project was made (another process may have made it). */
  latestScheduled: () => Date | undefined;
  now?: () => number;
  /** How long after start a missed run is made up (default one minute, so start-up is not slowed). */
  catchUpDelayMs?: number;
}

const SETTINGS_KEY = 'snapshots.schedule';
const LAST_RUN_KEY = 'snapshots.lastScheduledRun';
/** When the schedule was last turned on: slots before then were never due. */
const SINCE_KEY = 'snapshots.scheduleSince';

/**
 * Daily or weekly snapshots, run by the core wherever it keeps running (the desktop app, `sutazai
 * serve`), with keep-N retention of scheduled snapshots. A run missed while the app was not running is
 * made up shortly after start. When two processes share a home, a slot already served by a snapshot
 * from the other is skipped.
 */
export class SnapshotScheduler implements IDisposable {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private started = false;
  private readonly now: () => number;

  constructor(private readonly o: SchedulerOptions) {
    this.now = o.now ?? Date.now;
  }

  settings(): ScheduleSettings {
    const stored = scheduleSettings.safeParse({
      ...DEFAULT_SCHEDULE,
      ...(this.o.settings.get<object>(SETTINGS_KEY) ?? {}),
    });
    return stored.success ? stored.data : DEFAULT_SCHEDULE;
  }

  view(): ScheduleView {
    const s = this.settings();
    const next = nextRun(s, new Date(this.now()));
    const last = this.o.settings.get<ScheduleView['lastRun']>(LAST_RUN_KEY);
    return { settings: s, nextRunAt: next ? next.toISOString() : null, ...(last ? { lastRun: last } : {}) };
  }

  update(patch: Partial<ScheduleSettings>): ScheduleView {
    const before = this.settings();
    const next = scheduleSettings.parse({ ...before, ...patch });
    if (next.enabled && (!before.enabled || next.time !== before.time || next.frequency !== before.frequency))
      this.o.settings.set(SINCE_KEY, this.now());
    this.o.settings.set(SETTINGS_KEY, next);
    if (this.started) this.arm();
    return this.view();
  }

  start(): void {
    this.started = true;
    const s = this.settings();
    const slot = lastSlot(s, new Date(this.now()));
    const last = this.o.settings.get<ScheduleView['lastRun']>(LAST_RUN_KEY);
    const served = Math.max(
      Date.parse(last?.at ?? '') || 0,
      this.o.latestScheduled()?.getTime() ?? 0,
      this.o.settings.get<number>(SINCE_KEY) ?? 0,
    );
    if (slot && served < slot.getTime()) this.arm(this.o.catchUpDelayMs ?? 60_000);
    else this.arm();
  }

  dispose(): void {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** One scheduled run now (what the timer does); exposed for tests. */
  async fire(): Promise<void> {
    if (this.running) return;
    const s = this.settings();
    if (!s.enabled) return;
    this.running = true;
    try {
      const slot = lastSlot(s, new Date(this.now()));
      const latest = this.o.latestScheduled();
      if (slot && latest && latest >= slot && latest.getTime() <= this.now()) return;
      const at = new Date(this.now()).toISOString();
      try {
        const id = await this.o.run(s);
        this.o.settings.set(LAST_RUN_KEY, { at, ok: true, id });
        await this.o.prune(s.keep);
      } catch (err) {
        this.o.settings.set(LAST_RUN_KEY, { at, ok: false, error: (err as Error).message.slice(0, 500) });
      }
    } finally {
      this.running = false;
      if (this.started) this.arm();
    }
  }

  private arm(inMs?: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const next = nextRun(this.settings(), new Date(this.now()));
    if (!next && inMs === undefined) return;
    const delay = inMs ?? Math.max(0, next!.getTime() - this.now());
    this.timer = setTimeout(() => void this.fire(), delay);
    this.timer.unref?.();
  }
}
