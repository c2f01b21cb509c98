import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensurePrivateDir } from './private-files';
import { APP_NAME } from '../../src-shared/defaults';

/**
 * Where all app data lives: `SUTAZAI_HOME` when set, else the OS's app-data folder
 * (the same folder Electron's `app.getPath('userData')` would choose for this app).
 */
export function resolveAppHome(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.SUTAZAI_HOME && env.SUTAZAI_HOME.trim() !== '') return resolve(env.SUTAZAI_HOME);
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_NAME);
}

/** Creates the app home (and missing parents) readable by its owner only; an existing one is kept as it is. */
export function ensureAppHome(home: string): string {
  ensurePrivateDir(home);
  return home;
}
