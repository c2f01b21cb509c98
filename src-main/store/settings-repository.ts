import type { Db } from './database';

/** Small JSON values by key (window bounds, user choices). */
export class SettingsRepository {
  constructor(private readonly db: Db) {}

  get<T>(key: string): T | undefined {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    if (!row) return undefined;
    try {
      return JSON.parse(row.value) as T;
    } catch {
      return undefined;
    }
  }

  set<T>(key: string, value: T): void {
    this.db
      .prepare(
        `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      )
      .run(key, JSON.stringify(value), Date.now());
  }

  /** The keys that start with `prefix`. */
  keys(prefix: string): string[] {
    const rows = this.db
      .prepare('SELECT key FROM settings WHERE substr(key, 1, length(?)) = ? ORDER BY key')
      .all(prefix, prefix) as { key: string }[];
    return rows.map((r) => r.key);
  }

  delete(key: string): void {
    this.db.prepare('DELETE FROM settings WHERE key = ?').run(key);
  }
}
