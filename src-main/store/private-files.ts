import { chmodSync, closeSync, existsSync, fchmodSync, mkdirSync, openSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { HomeAccess } from '../../src-shared/api';

/**
 * Creates a folder only its owner can enter (0700 whatever the umask) and any missing parents the
 * same way. A folder that already exists is left as it is: `homeAccess` reports it when it is open.
 */
export function ensurePrivateDir(dir: string): void {
  if (existsSync(dir)) return;
  ensurePrivateDir(dirname(dir));
  mkdirSync(dir, { mode: 0o700 });
  chmodSync(dir, 0o700);
}

/** Creates `file` empty with mode 0600, or sets 0600 on it when it exists (whatever the umask). */
export function makePrivateFile(file: string): void {
  if (!existsSync(file)) {
    const fd = openSync(file, 'a', 0o600);
    try {
      fchmodSync(fd, 0o600);
    } finally {
      closeSync(fd);
    }
    return;
  }
  restrictToOwner(file);
}

/** Sets 0600 on a file if it exists; a file this user does not own is left for `homeAccess` to report. */
export function restrictToOwner(file: string): void {
  try {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EPERM') throw err;
  }
}

/**
 * Whether other users of this machine can reach the app's data: the folder's mode, the files in it
 * that others could read, and the command that closes it. Undefined where POSIX modes do not apply.
 */
export function homeAccess(home: string, platform: NodeJS.Platform = process.platform): HomeAccess | undefined {
  if (platform === 'win32') return undefined;
  let mode: number;
  try {
    mode = statSync(home).mode & 0o777;
  } catch {
    return undefined;
  }
  const openFiles: string[] = [];
  for (const entry of readdirSync(home, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const m = statSync(join(home, entry.name)).mode & 0o777;
    if ((m & 0o044) !== 0) openFiles.push(`${entry.name} (${octal(m)})`);
  }
  const isPrivate = (mode & 0o077) === 0;
  return {
    path: home,
    mode: octal(mode),
    private: isPrivate,
    openFiles,
    ...(isPrivate ? {} : { fix: `chmod 700 ${shellQuote(home)}` }),
  };
}

function octal(mode: number): string {
  return `0${mode.toString(8).padStart(3, '0')}`;
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
