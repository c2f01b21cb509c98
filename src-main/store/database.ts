import Database from 'better-sqlite3';
import { dirname } from 'node:path';
import { migrations as defaultMigrations, type Migration } from './migrations';
import { ensurePrivateDir, makePrivateFile, restrictToOwner } from './private-files';

export type Db = Database.Database;

export interface OpenOptions {
  migrations?: Migration[];
  /** Path of a better-sqlite3 binary built for another ABI (the Electron build). */
  nativeBinding?: string;
}

/**
 * Opens (creating if needed) the app's SQLite file in WAL mode and brings its schema up to date.
 * The file and its `-wal`/`-shm` companions are readable by their owner only (0600): a new file is
 * created so before SQLite opens it (SQLite gives the companions the database file's mode), and
 * files left more open by an earlier version are closed on open.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (file !== ':memory:') {
    ensurePrivateDir(dirname(file));
    makePrivateFile(file);
    for (const companion of ['-wal', '-shm', '-journal']) restrictToOwner(file + companion);
  }
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, options.migrations ?? defaultMigrations);
  return db;
}

export function migrate(db: Db, list: Migration[]): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
  );
  const sorted = [...list].sort((a, b) => a.version - b.version);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.version === sorted[i - 1]!.version) {
      throw new Error(`Two migrations share version ${sorted[i]!.version}`);
    }
  }
  const done: number[] = [];
  for (const m of sorted) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        Date.now(),
      );
    })();
    done.push(m.version);
  }
  return done;
}

export function schemaVersion(db: Db): number {
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}
