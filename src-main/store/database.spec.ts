import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, schemaVersion } from './database';
import { SettingsRepository } from './settings-repository';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'sutazai-db-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('openDatabase', () => {
  it('creates the file in WAL mode with every migration applied once', () => {
    const file = join(tempDir(), 'nested', 'app.db');
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(1);
    db.close();
    const again = openDatabase(file);
    const rows = again.prepare('SELECT version FROM schema_migrations').all();
    expect(rows.length).toBe(new Set(rows.map((r) => (r as { version: number }).version)).size);
    again.close();
  });

  it('applies new migrations in order and rolls back a failing one', () => {
    const db = openDatabase(join(tempDir(), 'a.db'), { migrations: [] });
    expect(
      migrate(db, [
        { version: 2, name: 'b', sql: 'CREATE TABLE b (x)' },
        { version: 1, name: 'a', sql: 'CREATE TABLE a (x)' },
      ]),
    ).toEqual([1, 2]);
    expect(() =>
      migrate(db, [{ version: 3, name: 'bad', sql: 'CREATE TABLE c (x); INSERT INTO nope VALUES (1)' }]),
    ).toThrow(/nope/);
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'c'").get()).toBeUndefined();
    expect(() =>
      migrate(db, [
        { version: 4, name: 'x', sql: '' },
        { version: 4, name: 'y', sql: '' },
      ]),
    ).toThrow(/share version 4/);
    db.close();
  });
});

describe('SettingsRepository', () => {
  it('stores JSON values that survive reopening', () => {
    const file = join(tempDir(), 's.db');
    const db = openDatabase(file);
    new SettingsRepository(db).set('window.main.bounds', {
      bounds: { x: 1, y: 2, width: 800, height: 600 },
      maximized: false,
    });
    db.close();
    const db2 = openDatabase(file);
    const s = new SettingsRepository(db2);
    expect(s.get('window.main.bounds')).toEqual({ bounds: { x: 1, y: 2, width: 800, height: 600 }, maximized: false });
    s.delete('window.main.bounds');
    expect(s.get('window.main.bounds')).toBeUndefined();
    db2.close();
  });
});
