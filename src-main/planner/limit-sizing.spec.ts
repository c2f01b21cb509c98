import { describe, expect, it } from 'vitest';
import type { ServiceSpec, Tier } from '../../src-shared/api';
import { MetricsRepository } from '../metrics';
import { openDatabase } from '../store';
import { sizeLimit } from './limit-sizing';
import { hourlyMeans, percentile, trendPerDay } from './service-usage';
import { UsageHistory } from './usage-history';

const MiB = 1024 * 1024;
const MIN = 60_000;
const T0 = Date.UTC(2026, 2, 1);

function spec(name: string, limitMiB?: number, reservationMiB?: number, tier: Tier = 'core'): ServiceSpec {
  return {
    name,
    tier,
    limits: limitMiB ? { memoryBytes: limitMiB * MiB } : {},
    reservations: reservationMiB ? { memoryBytes: reservationMiB * MiB } : {},
  } as ServiceSpec;
}

/** A real history in SQLite: each service's working set recorded once a minute for `minutes` from T0. */
async function history(minutes: number, value: Record<string, (minute: number) => number>) {
  const clock = { now: T0 };
  const repository = new MetricsRepository(openDatabase(':memory:'), { now: () => clock.now });
  for (let i = 0; i < minutes; i++) {
    repository.record(
      clock.now,
      Object.fromEntries(Object.entries(value).map(([s, f]) => [`svc.${s}.mem_bytes`, f(i)])),
    );
    clock.now += MIN;
  }
  repository.flush();
  const h = new UsageHistory({ repository, project: 'sutazai', now: () => clock.now });
  await h.refresh();
  return h;
}

describe('measured use from the history', () => {
  it('takes nearest-rank percentiles and a daily trend of hourly means', async () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(values, 95), percentile(values, 99), percentile(values, 100)]).toEqual([95, 99, 100]);
    const growing = Array.from({ length: 12 * 60 }, (_, i) => [T0 + i * MIN, (i / 60) * MiB] as [number, number]);
    expect(trendPerDay(hourlyMeans(growing))).toBe(24 * MiB);
    expect(trendPerDay(hourlyMeans(growing.slice(0, 5 * 60)))).toBeNull();
  });

  it('reads each service from the finest tier holding enough of it, and nothing for another project', async () => {
    const h = await history(3 * 24 * 60, { db: (i) => (200 + (i % 100)) * MiB });
    const db = h.get('db')!;
    expect(db.stepMs).toBe(MIN);
    expect(db.points).toBeGreaterThan(3 * 24 * 60 - 5);
    expect(db.p95Bytes).toBe(294 * MiB);
    expect(db.p99Bytes).toBe(298 * MiB);
    expect(db.peakBytes).toBe(299 * MiB);
    expect(h.all('other').size).toBe(0);
    const brief = (await history(20, { api: () => 64 * MiB })).get('api')!;
    expect(brief.stepMs).toBe(MIN);
    expect(brief.p95Bytes).toBe(64 * MiB);
  });
});

describe('sizeLimit: limits sized from measured use', () => {
  it('flags a limit far above use and recommends the p99 plus a quarter, and the p95 as reservation', async () => {
    const h = await history(2 * 24 * 60, { qdrant: (i) => (280 + (i % 20)) * MiB });
    const advice = sizeLimit(spec('qdrant', 2048, 256), h.get('qdrant'), 0, false);
    expect(advice.kind).toBe('oversized');
    expect(advice.p99Bytes).toBe(299 * MiB);
    // max(299 × 1.25, 299 + 128) = 427 MiB → 448 MiB in 64 MiB steps; p95 298 MiB → 320 MiB.
    expect(advice.recommended).toEqual({ limitBytes: 448 * MiB, reservationBytes: 320 * MiB });
    expect(advice.reason).toBe('uses p99 299 MiB over 2.0 d of its 2.0 GiB limit: 1.6 GiB held back for nothing');
    expect(advice.source).toMatch(
      /^p99 of svc\.qdrant\.mem_bytes \(299 MiB\): 1-min peaks over 2\.0 d \(2880 points\)$/,
    );
  });

  it('flags a service above 90 % of its limit for minutes, and one that was OOM-killed', async () => {
    const h = await history(24 * 60, { redis: (i) => (i % 60 < 10 ? 980 : 600) * MiB });
    const close = sizeLimit(spec('redis', 1024, 256), h.get('redis'), 0, false);
    expect(close.kind).toBe('close');
    expect(close.minutesOver90).toBe(240);
    expect(close.reason).toMatch(/^above 90 % of its 1\.0 GiB limit for 240 min \(p99 980 MiB over 1\.0 d\)$/);
    expect(close.recommended!.limitBytes).toBe(1280 * MiB);
    const killed = sizeLimit(spec('redis', 1024, 256), h.get('redis'), 2, false);
    expect(killed.reason).toMatch(/^OOM-killed 2 times, above 90 %/);
    expect(killed.recommended!.limitBytes).toBe(1536 * MiB);
  });

  it('grows the recommendation by a week of its trend, leaves a well-sized service alone, and waits for an hour of history', async () => {
    const h = await history(2 * 24 * 60, {
      letta: (i) => 300 * MiB + (i / (24 * 60)) * 100 * MiB,
      ok: () => 700 * MiB,
    });
    const growing = sizeLimit(spec('letta', 4096), h.get('letta'), 0, false);
    expect(growing.trendBytesPerDay! / MiB).toBeCloseTo(100, 0);
    expect(growing.reason).toMatch(/growing 100 MiB a day/);
    // p99 ≈ 498 MiB + 7 × 100 MiB ≈ 1.17 GiB, × 1.25 → 1.5 GiB.
    expect(growing.recommended!.limitBytes).toBe(1536 * MiB);
    expect(sizeLimit(spec('ok', 1024, 512), h.get('ok'), 0, true)).toMatchObject({
      kind: 'ok',
      recommended: null,
      applied: true,
    });
    const young = sizeLimit(spec('new', 1024), (await history(30, { new: () => MiB })).get('new'), 0, false);
    expect(young).toMatchObject({ kind: 'no-history', reason: '30 min of history so far; sizing needs an hour' });
  });
});
