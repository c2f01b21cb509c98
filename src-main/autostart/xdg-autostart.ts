import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { desktopEntryText, parseExec, readDesktopEntry } from './desktop-entry';
import type { LoginItem, LoginItemState } from './login-item';

export const AUTOSTART_FILE = 'sutazai-control-center.desktop';
const MARKER = 'X-SutazAI-Autostart';

export interface XdgAutostartOptions {
  /** XDG_CONFIG_HOME, or ~/.config. */
  configHome?: string;
  /** The command that starts this app (without --hidden). */
  command: string[];
  /** Whether --hidden means anything to that command (the desktop app: yes; `sutazai serve`: no). */
  canStartHidden: boolean;
  icon: string;
}

export function xdgConfigHome(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.XDG_CONFIG_HOME?.trim();
  return fromEnv && fromEnv.startsWith('/') ? fromEnv : join(homedir(), '.config');
}

/**
 * Start on login on Linux desktops (GNOME, KDE, Xfce, ...): an entry in
 * `$XDG_CONFIG_HOME/autostart/` as the XDG Autostart Specification describes. Electron's
 * login-item API does nothing on Linux, so both hosts use this there. Only an entry this app
 * wrote (it carries X-SutazAI-Autostart=true) is ever replaced or removed.
 */
export class XdgAutostart implements LoginItem {
  readonly supported = true;
  readonly file: string;

  constructor(private readonly options: XdgAutostartOptions) {
    this.file = join(options.configHome ?? xdgConfigHome(), 'autostart', AUTOSTART_FILE);
  }

  get note(): string {
    return `an autostart entry in ${this.file}`;
  }

  get(): LoginItemState {
    const keys = this.read();
    if (!keys) return { enabled: false, hidden: false };
    const enabled = keys.Hidden !== 'true' && keys['X-GNOME-Autostart-enabled'] !== 'false';
    return { enabled, hidden: parseExec(keys.Exec ?? '').includes('--hidden') };
  }

  set(state: LoginItemState): void {
    const keys = this.read();
    if (keys && keys[MARKER] !== 'true') {
      throw new Error(`${this.file} was not written by SutazAI Control Center; edit or remove it yourself`);
    }
    if (!state.enabled) {
      if (keys) rmSync(this.file);
      return;
    }
    const exec = [...this.options.command, ...(state.hidden && this.options.canStartHidden ? ['--hidden'] : [])];
    const text = desktopEntryText({
      name: 'SutazAI Control Center',
      comment: 'Start the local AI stack’s control center when you log in',
      exec,
      icon: this.options.icon,
      extra: { 'X-GNOME-Autostart-enabled': 'true', [MARKER]: 'true' },
    });
    mkdirSync(join(this.file, '..'), { recursive: true });
    const tmp = `${this.file}.tmp-${process.pid}`;
    writeFileSync(tmp, text, { mode: 0o644 });
    renameSync(tmp, this.file);
  }

  private read(): Record<string, string> | undefined {
    if (!existsSync(this.file)) return undefined;
    return readDesktopEntry(readFileSync(this.file, 'utf8'));
  }
}
