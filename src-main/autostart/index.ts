export { desktopEntryText, parseExec, quoteExecArgument, readDesktopEntry, type DesktopEntry } from './desktop-entry';
export { unsupportedLoginItem, type LoginItem, type LoginItemState } from './login-item';
export { AUTOSTART_FILE, XdgAutostart, xdgConfigHome, type XdgAutostartOptions } from './xdg-autostart';
