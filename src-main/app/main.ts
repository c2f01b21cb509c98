import { app, BrowserWindow, dialog, globalShortcut, nativeTheme, type Menu } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { APP_NAME } from '../../src-shared/defaults';
import { appVersion, createCore, installLastResort, type Core } from '../core';
import { resolveAppHome } from '../store';
import { attachIpcBridge } from './ipc-bridge';
import { APP_ENTRY, trustedUrlCheck } from './app-origin';
import { registerAppScheme, serveAppScheme } from './app-protocol';
import { appIconFile, templatesDir } from './app-paths';
import { createChatWindow, CHAT_WINDOW_SHORTCUT, type ChatWindowController } from './chat-window';
import { parseDesktopArgs } from './desktop-args';
import { desktopLoginItem, startsHidden } from './desktop-login-item';
import { exposeTestHooks } from './test-hooks';
import { safeStorageCipher } from './safe-storage-cipher';
import { hardenSession, lockWindow } from './security';
import { createTray, stopStackOnQuit } from './tray';
import { restoreWindowState, trackWindowState } from './window-state';

/** Composition root of the desktop app. */
const rendererDevUrl = process.env.ELECTRON_RENDERER_URL;
const rendererDir = join(__dirname, '../renderer');
const rendererUrl = rendererDevUrl ?? APP_ENTRY;
const isAppUrl = trustedUrlCheck(rendererDevUrl);
const args = parseDesktopArgs(process.argv);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  let core: Core | undefined;
  let mainWindow: BrowserWindow | undefined;
  /** The small chat window; the tray menu calls `chatWindow.open()`. */
  let chatWindow: ChatWindowController | undefined;
  let disposeTray: (() => void) | undefined;
  let trayMenu: Menu | undefined;
  let quitting = false;

  const createWindow = (c: Core, show: boolean): BrowserWindow => {
    const saved = restoreWindowState(c.settings);
    const win = new BrowserWindow({
      width: saved?.bounds.width ?? 1280,
      height: saved?.bounds.height ?? 820,
      ...(saved ? { x: saved.bounds.x, y: saved.bounds.y } : {}),
      minWidth: 900,
      minHeight: 600,
      show: false,
      title: APP_NAME,
      icon: appIconFile(),
      backgroundColor: nativeTheme.shouldUseDarkColors ? '#0f1419' : '#f6f8fa',
      webPreferences: {
        preload: join(__dirname, '../preload/index.js'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        spellcheck: false,
      },
    });
    if (saved?.maximized) win.maximize();
    if (show) win.once('ready-to-show', () => win.show());
    lockWindow(win, isAppUrl);
    trackWindowState(win, c.settings);
    // Close to the tray when the user chose it; Quit (tray, menu, Cmd+Q) still quits.
    win.on('close', (event) => {
      if (quitting || !disposeTray || !c.preferences.values().closeToTray) return;
      event.preventDefault();
      win.hide();
    });
    void win.loadURL(rendererUrl);
    return win;
  };

  const showDashboard = (): void => {
    if (!core) return;
    if (!mainWindow || mainWindow.isDestroyed()) mainWindow = createWindow(core, true);
    else {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.show();
    }
    mainWindow.focus();
  };

  app.on('second-instance', () => showDashboard());

  void app.whenReady().then(async () => {
    const electronSqlite = join(
      __dirname,
      '../../native',
      `electron-${process.versions.modules}`,
      'better_sqlite3.node',
    );
    const templates = args.templates ?? templatesDir();
    const secretCipher = await safeStorageCipher();
    core = createCore({
      home: process.env.SUTAZAI_HOME ? resolveAppHome(process.env) : app.getPath('userData'),
      mode: 'desktop',
      version: appVersion(),
      loginItem: desktopLoginItem(),
      ...(templates ? { templatesDir: templates } : {}),
      ...(args.project ? { project: args.project } : {}),
      ...(existsSync(electronSqlite) ? { sqliteNativeBinding: electronSqlite } : {}),
      ...(secretCipher ? { secretCipher } : {}),
    });
    installLastResort({
      events: core.events,
      project: core.stack.project,
      onFatal: (message) => restartAfterFatal(core!, message),
    });
    const c = core;
    nativeTheme.themeSource = c.preferences.values().theme;
    c.preferences.subscribe((view) => (nativeTheme.themeSource = view.values.theme));
    core.hostSampler.start();
    core.startSupervision();
    serveAppScheme(rendererDir);
    hardenSession(isAppUrl);
    attachIpcBridge(core.router, isAppUrl);
    mainWindow = createWindow(core, !startsHidden(args.hidden, c.preferences.values().startHidden));
    chatWindow = createChatWindow({
      preload: join(__dirname, '../preload/index.js'),
      rendererUrl,
      isAppUrl,
      settings: core.settings,
    });
    if (!chatWindow.registerShortcut()) console.warn('The chat window shortcut is taken by another application.');
    disposeTray = createTray({
      core,
      openDashboard: showDashboard,
      openChat: () => chatWindow?.open(),
      onMenu: (menu) => (trayMenu = menu),
    });
    if (process.env.SUTAZAI_TEST_HOOKS === '1') {
      exposeTestHooks({
        trayMenu: () => trayMenu,
        shortcutRegistered: () => globalShortcut.isRegistered(CHAT_WINDOW_SHORTCUT),
        stackRunningOnQuit: () => !stopStackOnQuit(c),
      });
    }
    app.on('activate', () => showDashboard());
  });

  // With the tray, closing the windows keeps the app (and its supervision) running.
  app.on('window-all-closed', () => {
    if (!disposeTray && process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    if (!core || !stopStackOnQuit(core)) return;
    event.preventDefault();
    void core.stack.down().finally(() => app.quit());
  });
  app.on('will-quit', () => {
    disposeTray?.();
    chatWindow?.dispose();
    core?.dispose();
  });
}

/**
 * After an uncaught exception the app starts again (a fresh core takes the running stack over from
 * its labels); a second one within a minute means it would fail again, so it stops and says why.
 */
function restartAfterFatal(core: Core, message: string): void {
  const since = Date.now() - 60_000;
  const recentFatal = core.events.list({ kinds: ['internal-error'], since }).filter((e) => e.data?.fatal === true);
  if (recentFatal.length > 1) {
    dialog.showErrorBox(
      'SutazAI Control Center stopped',
      `An internal error happened twice within a minute, so the app did not restart:\n\n${message}\n\nThe stack keeps running. The error is on the Events page when the app is started again.`,
    );
    app.exit(70);
    return;
  }
  console.error(`internal error, restarting the app: ${message}`);
  app.relaunch();
  app.exit(70);
}
