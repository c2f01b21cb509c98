import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureAppHome } from './app-home';
import { openDatabase } from './database';
import { homeAccess } from './private-files';

const modeOf = (path: string) => statSync(path).mode & 0o777;
let dir: string;
let umask: number;
// The most open umask: whatever is created here gets only the mode the code sets itself.
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sutazai-modes-'));
  umask = process.umask(0);
});
afterEach(() => {
  process.umask(umask);
  rmSync(dir, { recursive: true, force: true });
});

describe('files only the user can read', () => {
  it('creates the database and its -wal and -shm 0600, and the folders it needs 0700, whatever the umask', () => {
    const file = join(dir, 'home', 'nested', 'sutazai.db');
    const db = openDatabase(file);
    db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('k', '1', 0)").run();
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(`${file}-wal`)).toBe(0o600);
    expect(modeOf(`${file}-shm`)).toBe(0o600);
    expect(modeOf(join(dir, 'home'))).toBe(0o700);
    expect(modeOf(join(dir, 'home', 'nested'))).toBe(0o700);
    db.close();
  });

  it('closes a database and companions that an earlier version left 0644', () => {
    const file = join(dir, 'sutazai.db');
    const first = openDatabase(file);
    first.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('k', '1', 0)").run();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) chmodSync(f, 0o644);
    const again = openDatabase(file);
    expect([file, `${file}-wal`, `${file}-shm`].map(modeOf)).toEqual([0o600, 0o600, 0o600]);
    expect(again.prepare("SELECT value FROM settings WHERE key = 'k'").get()).toEqual({ value: '1' });
    again.close();
    first.close();
  });

  it('creates the app home 0700 and reports it private', () => {
    const home = ensureAppHome(join(dir, 'a', 'home'));
    expect(modeOf(home)).toBe(0o700);
    expect(modeOf(join(dir, 'a'))).toBe(0o700);
    expect(homeAccess(home)).toEqual({ path: home, mode: '0700', private: true, openFiles: [] });
  });

  it('leaves an existing open home as it is and says who can read what, with the fix', () => {
    const home = join(dir, 'my home');
    mkdirSync(home, { mode: 0o755 });
    writeFileSync(join(home, 'notes.txt'), 'x', { mode: 0o644 });
    openDatabase(join(home, 'sutazai.db')).close();
    ensureAppHome(home);
    expect(modeOf(home)).toBe(0o755);
    expect(homeAccess(home)).toEqual({
      path: home,
      mode: '0755',
      private: false,
      openFiles: ['notes.txt (0644)'],
      fix: `chmod 700 '${home}'`,
    });
    chmodSync(home, 0o700);
    expect(homeAccess(home)).toMatchObject({ private: true, mode: '0700' });
    expect(homeAccess(home)).not.toHaveProperty('fix');
  });
});
