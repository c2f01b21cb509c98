import type { AppEvent } from '../../src-shared/api';
import { Emitter, type Event } from '../base';
import type { Db } from '../store';

export type NewEvent = Omit<AppEvent, 'id' | 'time'> & { time?: number };

export interface EventQuery {
  project?: string;
  service?: string;
  kinds?: string[];
  since?: number;
  limit?: number;
}

/**
 * Every state change, restart, crash loop, OOM kill and guard decision: written to SQLite and
 * pushed to listeners (the Events page, alerts, the tray). Old events are pruned by age.
 */
export class EventLog {
  private readonly recorded = new Emitter<AppEvent>();
  /** Each event as it is recorded. */
  readonly subscribe: Event<AppEvent> = this.recorded.event;

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
    private readonly keepDays = 30,
  ) {}

  record(input: NewEvent): AppEvent {
    const time = input.time ?? this.now();
    const result = this.db
      .prepare(
        'INSERT INTO events (time, kind, project, service, severity, message, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        time,
        input.kind,
        input.project,
        input.service,
        input.severity,
        input.message,
        input.data ? JSON.stringify(input.data) : null,
      );
    const event: AppEvent = { ...input, id: Number(result.lastInsertRowid), time };
    this.recorded.fire(event);
    return event;
  }

  list(q: EventQuery = {}): AppEvent[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    const add = (clause: string, value: string | number) => {
      where.push(clause);
      args.push(value);
    };
    if (q.project) add('project = ?', q.project);
    if (q.service) add('service = ?', q.service);
    if (q.since !== undefined) add('time >= ?', q.since);
    if (q.kinds?.length) {
      where.push(`kind IN (${q.kinds.map(() => '?').join(',')})`);
      args.push(...q.kinds);
    }
    const rows = this.db
      .prepare(
        `SELECT * FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY time DESC, id DESC LIMIT ?`,
      )
      .all(...args, q.limit ?? 500) as (Omit<AppEvent, 'data'> & { data: string | null })[];
    return rows.map(({ data, ...r }) => (data ? { ...r, data: JSON.parse(data) as AppEvent['data'] } : r));
  }

  prune(): number {
    return this.db.prepare('DELETE FROM events WHERE time < ?').run(this.now() - this.keepDays * 86_400_000).changes;
  }

  dispose(): void {
    this.recorded.dispose();
  }
}
