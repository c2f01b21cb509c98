import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../store';
import { MetricsRepository } from './metrics-repository';
import { tierFor } from './metrics-tiers';

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 0, 1);

function rows(db: Db, tier: number): { t: number; min: number; avg: number; max: number; n: number }[] {
  return db.prepare('SELECT t, min, avg, max, n FROM metrics_points WHERE tier = ? ORDER BY t').all(tier) as never;
}

describe('MetricsRepository over simulated time', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  function setup(file = ':memory:') {
    const clock = { now: T0 };
    const db = openDatabase(file);
    const repo = new MetricsRepository(db, { now: () => clock.now });
    /** Records `value(i)` once a second for `seconds` seconds from the clock. */
    const feed = (seconds: number, value: (i: number) => number, stepMs = SEC) => {
      for (let i = 0; i < seconds; i++) {
        repo.record(clock.now, { 'host.cpu_percent': value(i) });
        clock.now += stepMs;
      }
    };
    return { clock, db, repo, feed };
  }

  it('rolls seconds up into 10 s and 1 min buckets keeping min, avg and max', () => {
    const { db, repo, feed } = setup();
    feed(125, (i) => i); // 0..124 over 2 min 5 s
    const tier1 = rows(db, 1);
    // Twelve complete 10 s buckets are written; the one in progress stays open.
    expect(tier1).toHaveLength(12);
    expect(tier1[0]).toEqual({ t: T0, min: 0, avg: 4.5, max: 9, n: 10 });
    expect(tier1[11]).toEqual({ t: T0 + 110 * SEC, min: 110, avg: 114.5, max: 119, n: 10 });
    const tier2 = rows(db, 2);
    expect(tier2).toEqual([
      { t: T0, min: 0, avg: 29.5, max: 59, n: 60 },
      { t: T0 + MIN, min: 60, avg: 89.5, max: 119, n: 60 },
    ]);
    expect(rows(db, 0)).toHaveLength(125);
    repo.flush();
    expect(rows(db, 2).at(-1)).toEqual({ t: T0 + 2 * MIN, min: 120, avg: 122, max: 124, n: 5 });
  });

  it('merges a bucket written before a restart with the rest of it', () => {
    const { clock, db, repo, feed } = setup();
    feed(5, () => 10);
    repo.flush();
    const again = new MetricsRepository(db, { now: () => clock.now });
    for (let i = 0; i < 5; i++) {
      again.record(clock.now, { 'host.cpu_percent': 20 + i });
      clock.now += SEC;
    }
    again.flush();
    expect(rows(db, 1)).toEqual([{ t: T0, min: 10, avg: 16, max: 24, n: 10 }]);
  });

  it('drops points past each tier’s retention: 1 h of seconds, 2 days of 10 s, 30 days of minutes', () => {
    const { clock, db, repo, feed } = setup();
    // One point every 10 s for 31 days (simulated).
    feed((31 * DAY) / (10 * SEC), () => 1, 10 * SEC);
    repo.prune(clock.now);
    const span = (tier: number) => {
      const r = rows(db, tier);
      return clock.now - r[0]!.t;
    };
    expect(span(0)).toBeLessThanOrEqual(HOUR);
    expect(span(0)).toBeGreaterThan(HOUR - MIN);
    expect(span(1)).toBeLessThanOrEqual(2 * DAY);
    expect(span(1)).toBeGreaterThan(2 * DAY - HOUR);
    expect(span(2)).toBeLessThanOrEqual(30 * DAY);
    expect(span(2)).toBeGreaterThan(29 * DAY);
    expect(rows(db, 0).length).toBeLessThanOrEqual(360);
  }, 60_000);

  it('picks the tier by range and answers at most 1500 points per series', () => {
    expect(tierFor(5 * MIN)).toMatchObject({ tier: { id: 0 }, stepMs: SEC });
    expect(tierFor(HOUR)).toMatchObject({ tier: { id: 1 }, stepMs: 10 * SEC });
    expect(tierFor(DAY)).toMatchObject({ tier: { id: 2 }, stepMs: MIN });
    expect(tierFor(7 * DAY)).toMatchObject({ tier: { id: 2 }, stepMs: 7 * MIN });

    const { repo, feed } = setup();
    feed((8 * DAY) / (10 * SEC), (i) => i % 100, 10 * SEC);
    const week = repo.history(['host.cpu_percent', 'host.unknown'], '7d');
    const points = week.series[0]!.points;
    expect(points.length).toBeLessThanOrEqual(1500);
    expect(points.length).toBeGreaterThan(1400);
    // Each 7-minute point spans 42 raw values of a 0..99 saw.
    for (const [, min, avg, max] of points.slice(1, -1)) {
      expect(min).toBeGreaterThanOrEqual(0);
      expect(max).toBeLessThanOrEqual(99);
      expect(min).toBeLessThanOrEqual(avg);
      expect(avg).toBeLessThanOrEqual(max);
    }
    expect(week.series[1]!.points).toEqual([]);
    const fiveMin = repo.history(['host.cpu_percent'], '5m');
    expect(fiveMin.stepMs).toBe(SEC);
    expect(fiveMin.series[0]!.points.length).toBe(30);
  }, 60_000);

  it('shows the bucket in progress in a coarse range', () => {
    const { repo, feed } = setup();
    feed(4, () => 50);
    const hour = repo.history(['host.cpu_percent'], '1h').series[0]!.points;
    expect(hour).toEqual([[T0, 50, 50, 50]]);
  });

  it('answers the written points of several series in one tier since a time, unmerged', () => {
    const { clock, repo } = setup();
    for (let i = 0; i < 180; i++) {
      repo.record(clock.now, { 'svc.a.mem_bytes': i, 'svc.b.mem_bytes': 1000 + i, 'host.cpu_percent': 1 });
      clock.now += SEC;
    }
    const points = repo.pointsSince(['svc.a.mem_bytes', 'svc.b.mem_bytes', 'svc.none.mem_bytes'], 2, T0 + MIN);
    expect([...points.keys()].sort()).toEqual(['svc.a.mem_bytes', 'svc.b.mem_bytes']);
    expect(points.get('svc.a.mem_bytes')).toEqual([[T0 + MIN, 60, 89.5, 119]]);
    expect(points.get('svc.b.mem_bytes')).toEqual([[T0 + MIN, 1060, 1089.5, 1119]]);
    expect(repo.pointsSince(['svc.a.mem_bytes'], 1, T0).get('svc.a.mem_bytes')).toHaveLength(17);
    expect(
      repo
        .pointsSince(['svc.a.mem_bytes'], 1, T0 + 30 * SEC, T0 + 60 * SEC)
        .get('svc.a.mem_bytes')!
        .map((p) => p[0]),
    ).toEqual([T0 + 30 * SEC, T0 + 40 * SEC, T0 + 50 * SEC]);
  });

  it('keeps the WAL file from growing: checkpoints truncate it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sutazai-metrics-wal-'));
    dirs.push(dir);
    const file = join(dir, 'm.db');
    const clock = { now: T0 };
    const db = openDatabase(file);
    db.pragma('wal_autocheckpoint = 0');
    const repo = new MetricsRepository(db, { now: () => clock.now, checkpointEveryMs: 5 * MIN });
    const values: Record<string, number> = {};
    for (let s = 0; s < 100; s++) values[`svc.s${s}.mem_bytes`] = s;
    let walBefore = 0;
    for (let i = 0; i <= 5 * 60; i++) {
      if (i === 5 * 60) walBefore = statSync(`${file}-wal`).size;
      repo.record(clock.now, values);
      clock.now += SEC;
    }
    expect(walBefore).toBeGreaterThan(100 * 1024);
    expect(statSync(`${file}-wal`).size).toBe(0);
    db.close();
  });
});
