import type { Menu } from 'electron';

export interface DesktopTestHooks {
  trayMenu(): Menu | undefined;
  shortcutRegistered(): boolean;
  stackRunningOnQuit(): boolean;
}

/**
 * What the end-to-end spec reads from the main process (Playwright's electronApp.evaluate runs
 * there): the tray's menu, whether the global shortcut is held. Set only when the app is started
 * with SUTAZAI_TEST_HOOKS=1.
 */
export function exposeTestHooks(hooks: DesktopTestHooks): void {
  (globalThis as { sutazaiTestHooks?: DesktopTestHooks }).sutazaiTestHooks = hooks;
}
