import { app } from 'electron';
import { XdgAutostart, type LoginItem } from '../autostart';

/**
 * Start on login for the desktop app: an XDG autostart entry on Linux (Electron's login-item API
 * does nothing there), the system's login items on macOS and Windows. `--hidden` starts in the tray.
 */
export function desktopLoginItem(): LoginItem {
  if (process.platform === 'linux') {
    const command = process.env.APPIMAGE
      ? [process.env.APPIMAGE]
      : app.isPackaged
        ? [process.execPath]
        : [process.execPath, app.getAppPath()];
    return new XdgAutostart({ command, canStartHidden: true, icon: 'sutazai-control-center' });
  }
  if (process.platform === 'win32') {
    const hiddenArgs = ['--hidden'];
    return {
      supported: true,
      note: 'a Windows startup entry',
      get: () => {
        const hidden = app.getLoginItemSettings({ args: hiddenArgs }).openAtLogin;
        return { enabled: hidden || app.getLoginItemSettings().openAtLogin, hidden };
      },
      set: ({ enabled, hidden }) => {
        app.setLoginItemSettings({ openAtLogin: false });
        app.setLoginItemSettings({ openAtLogin: false, args: hiddenArgs });
        if (enabled) app.setLoginItemSettings({ openAtLogin: true, ...(hidden ? { args: hiddenArgs } : {}) });
      },
    };
  }
  // macOS keeps no arguments for login items: a start at login is recognised with wasOpenedAtLogin.
  return {
    supported: true,
    note: 'a macOS login item',
    get: () => ({ enabled: app.getLoginItemSettings().openAtLogin, hidden: false }),
    set: ({ enabled }) => app.setLoginItemSettings({ openAtLogin: enabled }),
  };
}

/** Whether this start should stay in the tray: `--hidden`, or a macOS login start with "start hidden" chosen. */
export function startsHidden(hiddenFlag: boolean, startHiddenSetting: boolean): boolean {
  if (hiddenFlag) return true;
  return process.platform === 'darwin' && startHiddenSetting && app.getLoginItemSettings().wasOpenedAtLogin;
}
