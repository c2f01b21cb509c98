import { readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { ApiError, type FolderListing } from '../../src-shared/api';
import { COMPOSE_FILE_NAMES } from '../stack';
import { checkProjectFolder } from './project-folder';

/** At most this many folders are listed (the rest are counted). */
const MAX_FOLDERS = 500;

/**
 * One folder's subfolders, for picking a compose folder on a page that cannot read files itself:
 * the core lists folder names only (no file but the compose files, no hidden folder), and marks the
 * folders that hold a compose file. Default: the user's home.
 */
export function listFolder(input: string | undefined, home = homedir()): FolderListing {
  const { dir, file } = checkProjectFolder(input ?? home, home);
  if (file) throw new ApiError('INVALID_INPUT', `dir: ${file} is a file; give a folder`);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    throw new ApiError('FORBIDDEN', `dir: ${dir} cannot be listed (${(err as Error).message})`);
  }
  const folders = names.filter((n) => !n.startsWith('.') && isFolder(join(dir, n))).sort((a, b) => a.localeCompare(b));
  return {
    dir,
    ...(dirname(dir) !== dir ? { parent: dirname(dir) } : {}),
    composeFiles: COMPOSE_FILE_NAMES.filter((n) => names.includes(n)),
    folders: folders.slice(0, MAX_FOLDERS).map((name) => ({ name, hasCompose: hasComposeFile(join(dir, name)) })),
    more: Math.max(0, folders.length - MAX_FOLDERS),
  };
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function hasComposeFile(dir: string): boolean {
  try {
    const names = readdirSync(dir);
    return COMPOSE_FILE_NAMES.some((n) => names.includes(n));
  } catch {
    return false;
  }
}
