import type { MetricsHistory, MetricsPoint, MetricsRange } from '../../src-shared/api/features/metrics';
import type { Db } from '../store';
import { RANGE_MS, TIERS, tierFor } from './metrics-tiers';

interface Row {
  t: number;
  min: number;
  avg: number;
  max: number;
  n: number;
}

interface Bucket {
  t: number;
  min: number;
  max: number;
  sum: number;
  n: number;
}

export interface MetricsRepositoryOptions {
  now?: () => number;
  /** How often old points are dropped (default every minute). */
  pruneEveryMs?: number;
  /** How often the WAL is checkpointed and truncated (default every 5 minutes). */
  checkpointEveryMs?: number;
}

/**
 * The metrics history in SQLite, in tiers (see metrics-tiers.ts). Each tick is one transaction:
 * the raw values go to the 1 s tier; the coarser tiers consolidate min/avg/max in memory and
 * write a bucket once it is complete (merging with a row already there, so a restart within a
 * bucket loses nothing written). Old rows are dropped per tier's retention, and the WAL is
 * checkpointed with TRUNCATE so the files do not grow without end.
 */
export class MetricsRepository {
  private readonly ids = new Map<string, number>();
  /** Open buckets of the coarser tiers, per tier id, per series id. */
  private readonly open = new Map<number, Map<number, Bucket>>();
  private readonly now: () => number;
  private lastPrune: number;
  private lastCheckpoint: number;
  private readonly statements;

  constructor(
    private readonly db: Db,
    private readonly options: MetricsRepositoryOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.lastPrune = this.now();
    this.lastCheckpoint = this.now();
    for (const tier of TIERS) if (tier.id > 0) this.open.set(tier.id, new Map());
    for (const row of db.prepare('SELECT id, name FROM metrics_series').all() as { id: number; name: string }[])
      this.ids.set(row.name, row.id);
    this.statements = {
      addSeries: db.prepare('INSERT INTO metrics_series (name) VALUES (?)'),
      putRaw: db.prepare(
        'INSERT OR REPLACE INTO metrics_points (tier, series_id, t, min, avg, max, n) VALUES (0, ?, ?, ?, ?, ?, 1)',
      ),
      mergeBucket: db.prepare(`
        INSERT INTO metrics_points (tier, series_id, t, min, avg, max, n) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (tier, t, series_id) DO UPDATE SET
          min = MIN(min, excluded.min), max = MAX(max, excluded.max),
          avg = (avg * n + excluded.avg * excluded.n) / (n + excluded.n), n = n + excluded.n`),
      prune: db.prepare('DELETE FROM metrics_points WHERE tier = ? AND t < ?'),
      points: db.prepare(
        'SELECT series_id AS id, t, min, avg, max, n FROM metrics_points WHERE tier = ? AND t >= ? AND series_id IN (SELECT value FROM json_each(?)) ORDER BY t',
      ),
      pointsBetween: db.prepare(
        'SELECT series_id AS id, t, min, avg, max, n FROM metrics_points WHERE tier = ? AND t >= ? AND t < ? AND series_id IN (SELECT value FROM json_each(?)) ORDER BY t',
      ),
    };
  }

  /** Stores one tick: every series' value at `time`, in one transaction. */
  record(time: number, values: Record<string, number>): void {
    this.db.transaction(() => {
      for (const tier of TIERS)
        if (tier.id > 0) this.closeBuckets(tier.id, Math.floor(time / tier.stepMs) * tier.stepMs);
      const t0 = Math.floor(time / 1000) * 1000;
      for (const [name, value] of Object.entries(values)) {
        if (!Number.isFinite(value)) continue;
        const id = this.seriesId(name);
        this.statements.putRaw.run(id, t0, value, value, value);
        for (const tier of TIERS) {
          if (tier.id === 0) continue;
          const t = Math.floor(time / tier.stepMs) * tier.stepMs;
          const open = this.open.get(tier.id)!;
          const b = open.get(id);
          if (!b || b.t !== t) open.set(id, { t, min: value, max: value, sum: value, n: 1 });
          else {
            b.min = Math.min(b.min, value);
            b.max = Math.max(b.max, value);
            b.sum += value;
            b.n++;
          }
        }
      }
      if (time - this.lastPrune >= (this.options.pruneEveryMs ?? 60_000)) {
        this.lastPrune = time;
        this.prune(time);
      }
    })();
    if (time - this.lastCheckpoint >= (this.options.checkpointEveryMs ?? 300_000)) {
      this.lastCheckpoint = time;
      this.checkpoint();
    }
  }

  /** Writes every open bucket (on shutdown), so nothing consolidated so far is lost. */
  flush(): void {
    this.db.transaction(() => {
      for (const tier of TIERS) if (tier.id > 0) this.closeBuckets(tier.id, Infinity);
    })();
  }

  /** Drops points older than each tier's retention. */
  prune(now = this.now()): void {
    for (const tier of TIERS) this.statements.prune.run(tier.id, now - tier.retentionMs);
  }

  checkpoint(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  seriesNames(): string[] {
    return [...this.ids.keys()].sort();
  }

  /** Points of each series over the range, from the tier that suits it (open buckets included). */
  history(series: string[], range: MetricsRange): MetricsHistory {
    const rangeMs = RANGE_MS[range];
    const { tier, stepMs } = tierFor(rangeMs);
    const since = this.now() - rangeMs;
    // Rows are stored time-major (each tick appends to the end of the tree), so one scan of the
    // range serves every series asked for.
    const wanted = new Map<number, Row[]>();
    for (const name of series) {
      const id = this.ids.get(name);
      if (id !== undefined) wanted.set(id, []);
    }
    if (wanted.size > 0) {
      for (const r of this.statements.points.iterate(tier.id, since, JSON.stringify([...wanted.keys()])) as Iterable<
        Row & { id: number }
      >)
        wanted.get(r.id)!.push(r);
    }
    return {
      range,
      stepMs,
      series: series.map((name) => {
        const id = this.ids.get(name);
        const rows = id === undefined ? [] : wanted.get(id)!;
        const b = id === undefined ? undefined : this.open.get(tier.id)?.get(id);
        if (b && b.t >= since && (rows.length === 0 || rows[rows.length - 1]!.t < b.t))
          rows.push({ t: b.t, min: b.min, avg: b.sum / b.n, max: b.max, n: b.n });
        return {
          name,
          points:
            stepMs === tier.stepMs
              ? rows.map((r) => [r.t, r.min, r.avg, r.max] as MetricsPoint)
              : regroup(rows, stepMs),
        };
      }),
    };
  }

  /**
   * The written points of these series in one tier from `since` on (and before `until`), oldest
   * first, as stored (not merged into chart steps); series with none are left out. For figures over
   * days, such as a service's p95 working set, read a slice at a time.
   */
  pointsSince(series: string[], tierId: number, since: number, until = Infinity): Map<string, MetricsPoint[]> {
    const names = new Map<number, string>();
    for (const name of series) {
      const id = this.ids.get(name);
      if (id !== undefined) names.set(id, name);
    }
    const out = new Map<string, MetricsPoint[]>();
    if (names.size === 0) return out;
    const ids = JSON.stringify([...names.keys()]);
    const rows = Number.isFinite(until)
      ? this.statements.pointsBetween.iterate(tierId, since, until, ids)
      : this.statements.points.iterate(tierId, since, ids);
    for (const r of rows as Iterable<Row & { id: number }>) {
      const name = names.get(r.id)!;
      let list = out.get(name);
      if (!list) out.set(name, (list = []));
      list.push([r.t, r.min, r.avg, r.max]);
    }
    return out;
  }

  private closeBuckets(tierId: number, current: number): void {
    const open = this.open.get(tierId)!;
    for (const [id, b] of open) {
      if (b.t >= current) continue;
      this.statements.mergeBucket.run(tierId, id, b.t, b.min, b.sum / b.n, b.max, b.n);
      open.delete(id);
    }
  }

  private seriesId(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = Number(this.statements.addSeries.run(name).lastInsertRowid);
      this.ids.set(name, id);
    }
    return id;
  }
}

/** Merges consecutive points into `stepMs`-wide ones, weighting each average by its count. */
function regroup(rows: Row[], stepMs: number): MetricsPoint[] {
  const out: MetricsPoint[] = [];
  let cur: { t: number; min: number; max: number; sum: number; n: number } | undefined;
  for (const r of rows) {
    const t = Math.floor(r.t / stepMs) * stepMs;
    if (!cur || cur.t !== t) {
      if (cur) out.push([cur.t, cur.min, cur.sum / cur.n, cur.max]);
      cur = { t, min: r.min, max: r.max, sum: r.avg * r.n, n: r.n };
    } else {
      cur.min = Math.min(cur.min, r.min);
      cur.max = Math.max(cur.max, r.max);
      cur.sum += r.avg * r.n;
      cur.n += r.n;
    }
  }
  if (cur) out.push([cur.t, cur.min, cur.sum / cur.n, cur.max]);
  return out;
}
