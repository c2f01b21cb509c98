import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AlertGate } from '../../src-shared/alerts';
import type { ScheduleSettings } from '../../src-shared/api';
import { DEFAULT_SCHEDULE } from '../../src-shared/api/features/snapshot-model';
import { cleanupTestObjects, testEngine, testName } from '../../test-support/engine';
import { snapshotHarness } from '../../test-support/snapshot-stack';
import { lastSlot, nextRun, retentionVictims, SnapshotScheduler } from './snapshot-scheduler';

const at = (s: string) => new Date(s);
const daily: ScheduleSettings = { ...DEFAULT_SCHEDULE, enabled: true, time: '03:30' };
const weekly: ScheduleSettings = { ...daily, frequency: 'weekly', weekday: 5 };

function memorySettings() {
  const m = new Map<string, unknown>();
  return {
    m,
    store: { get: <T>(k: string) => m.get(k) as T | undefined, set: <T>(k: string, v: T) => void m.set(k, v) },
  };
}

describe('schedule times (local time of day)', () => {
  it('runs daily at its time and weekly on its day, never when off', () => {
    expect(nextRun(daily, at('2025-03-04T02:00:00'))).toEqual(at('2025-03-04T03:30:00'));
    expect(nextRun(daily, at('2025-03-04T03:30:00'))).toEqual(at('2025-03-05T03:30:00'));
    // 2025-03-04 is a Tuesday; the next Friday is the 7th.
    expect(nextRun(weekly, at('2025-03-04T12:00:00'))).toEqual(at('2025-03-07T03:30:00'));
    expect(nextRun(weekly, at('2025-03-07T04:00:00'))).toEqual(at('2025-03-14T03:30:00'));
    expect(nextRun({ ...daily, enabled: false }, at('2025-03-04T02:00:00'))).toBeNull();
    expect(lastSlot(daily, at('2025-03-04T02:00:00'))).toEqual(at('2025-03-03T03:30:00'));
    expect(lastSlot(weekly, at('2025-03-10T00:00:00'))).toEqual(at('2025-03-07T03:30:00'));
  });

  it('keeps the newest N scheduled snapshots and never counts or deletes manual ones', () => {
    const s = (id: string, trigger: string, createdAt: string) => ({ id, trigger, createdAt });
    const list = [
      s('a', 'schedule', '2025-03-01T03:30:00Z'),
      s('b', 'manual', '2025-03-01T09:00:00Z'),
      s('c', 'schedule', '2025-03-02T03:30:00Z'),
      s('d', 'schedule', '2025-03-03T03:30:00Z'),
      s('e', 'manual', '2025-02-01T00:00:00Z'),
    ];
    expect(retentionVictims(list, 2).map((x) => x.id)).toEqual(['a']);
    expect(retentionVictims(list, 1).map((x) => x.id)).toEqual(['c', 'a']);
    expect(retentionVictims(list, 5)).toEqual([]);
  });
});

describe('the scheduler', () => {
  it('runs at its time, keeps N, records the last run, and says when it failed', async () => {
    let now = at('2025-03-04T03:29:59.990').getTime();
    const { m, store } = memorySettings();
    const runs: string[] = [];
    const pruned: number[] = [];
    let fail = false;
    const scheduler = new SnapshotScheduler({
      settings: store,
      now: () => now,
      run: async () => {
        if (fail) throw new Error('the disk is full');
        runs.push(new Date(now).toISOString());
        return `p-${runs.length}`;
      },
      prune: async (keep) => (pruned.push(keep), []),
      latestScheduled: () => undefined,
    });
    scheduler.update({ enabled: true, time: '03:30', keep: 3 });
    // Just turned on: yesterday's slot was never due, so nothing is made up.
    scheduler.start();
    expect(scheduler.view().nextRunAt).toBe(at('2025-03-04T03:30:00').toISOString());
    now = at('2025-03-04T03:30:00.050').getTime();
    await new Promise((r) => setTimeout(r, 100));
    expect(runs).toEqual([at('2025-03-04T03:30:00.050').toISOString()]);
    expect(pruned).toEqual([3]);
    expect(m.get('snapshots.lastScheduledRun')).toMatchObject({ ok: true, id: 'p-1' });
    fail = true;
    now = at('2025-03-05T03:30:00').getTime();
    await scheduler.fire();
    expect(m.get('snapshots.lastScheduledRun')).toMatchObject({ ok: false, error: 'the disk is full' });
    expect(scheduler.view().lastRun).toMatchObject({ ok: false });
    scheduler.dispose();
  });

  it('makes up a run missed while the app was not running, and skips a slot another process served', async () => {
    const now = at('2025-03-04T10:00:00').getTime();
    const { store } = memorySettings();
    store.set('snapshots.schedule', { ...daily });
    store.set('snapshots.lastScheduledRun', { at: '2025-03-03T03:30:05.000Z', ok: true });
    const runs: number[] = [];
    let latest: Date | undefined = undefined;
    const scheduler = new SnapshotScheduler({
      settings: store,
      now: () => now,
      run: async () => (runs.push(now), 'x'),
      prune: async () => [],
      latestScheduled: () => latest,
      catchUpDelayMs: 20,
    });
    scheduler.start();
    await new Promise((r) => setTimeout(r, 100));
    expect(runs).toHaveLength(1);
    latest = at('2025-03-04T03:30:10');
    await scheduler.fire();
    expect(runs).toHaveLength(1);
    scheduler.dispose();
  });
});

const engine = await testEngine();

describe.skipIf(!engine.available)('a scheduled snapshot that fails', () => {
  it('is a critical event the tray and the page alert on', async () => {
    const run = testName('snapsched');
    const project = run.replace(/[^a-z0-9-]/g, '');
    const missing = join(mkdtempSync(join(tmpdir(), 'sutazai-sched-')), 'no-templates-here');
    const h = snapshotHarness(engine.docker, { project, templatesDir: missing, run });
    try {
      h.snapshots.setSchedule({ enabled: true });
      await h.snapshots.scheduler.fire();
      const failed = h.seen.find((e) => e.kind === 'snapshot-failed')!;
      expect(failed).toMatchObject({ severity: 'critical', project, data: { trigger: 'schedule' } });
      expect(failed.message).toMatch(/^scheduled snapshot .* failed: /);
      expect(new AlertGate().admit(failed)).toBe(true);
      expect(h.snapshots.schedule().lastRun).toMatchObject({ ok: false });
      expect(h.snapshots.list()).toEqual([]);
    } finally {
      h.snapshots.dispose();
      await cleanupTestObjects(engine.docker, run);
      rmSync(h.home, { recursive: true, force: true });
    }
  });
});
