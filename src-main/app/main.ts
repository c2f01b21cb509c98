import { app, BrowserWindow } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { APP_NAME } from '../../src-shared/defaults';
import { appVersion, createCore, type Core } from '../core';
import { resolveAppHome } from '../store';
import { attachIpcBridge } from './ipc-bridge';
import { createChatWindow, type ChatWindowController } from './chat-window';
import { hardenSession, lockWindow } from './security';
import { createTray, stopStackOnQuit } from './tray';
import { restoreWindowState, trackWindowState } from './window-state';

/** Composition root of the desktop app. */
const rendererDevUrl = process.env.ELECTRON_RENDERER_URL;
const rendererFile = join(__dirname, '../renderer/index.html');
const isAppUrl = (url: string): boolean =>
  rendererDevUrl ? url.startsWith(rendererDevUrl) : url.startsWith('file://') && decodeURIComponent(new URL(url).pathname).endsWith('/renderer/index.html');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let core: Core | undefined;
  let mainWindow: BrowserWindow | undefined;
  /** The small chat window; the tray menu calls `chatWindow.open()`. */
  let chatWindow: ChatWindowController | undefined;
  let disposeTray: (() => void) | undefined;
  let quitting = false;

  const createWindow = (c: Core): BrowserWindow => {
    const saved = restoreWindowState(c.settings);
    const win = new BrowserWindow({
      width: saved?.bounds.width ?? 1280,
      height: saved?.bounds.height ?? 820,
      ...(saved ? { x: saved.bounds.x, y: saved.bounds.y } : {}),
      minWidth: 900,
      minHeight: 600,
      show: false,
      title: APP_NAME,
      backgroundColor: '#0f1419',
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
    win.once('ready-to-show', () => win.show());
    lockWindow(win, isAppUrl);
    trackWindowState(win, c.settings);
    if (rendererDevUrl) void win.loadURL(rendererDevUrl);
    else void win.loadFile(rendererFile);
    return win;
  };

  app.on('second-instance', () => {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  void app.whenReady().then(() => {
    const electronSqlite = join(__dirname, '../../native', `electron-${process.versions.modules}`, 'better_sqlite3.node');
    core = createCore({
      home: process.env.SUTAZAI_HOME ? resolveAppHome(process.env) : app.getPath('userData'),
      mode: 'desktop',
      version: appVersion(),
      ...(existsSync(electronSqlite) ? { sqliteNativeBinding: electronSqlite } : {}),
    });
    core.hostSampler.start();
    core.startSupervision();
    hardenSession(isAppUrl);
    attachIpcBridge(core.router, isAppUrl);
    mainWindow = createWindow(core);
    chatWindow = createChatWindow({
      preload: join(__dirname, '../preload/index.js'),
      rendererFile,
      ...(rendererDevUrl ? { rendererDevUrl } : {}),
      isAppUrl,
      settings: core.settings,
    });
    if (!chatWindow.registerShortcut()) console.warn('The chat window shortcut is taken by another application.');
    const showDashboard = (): void => {
      if (!core) return;
      if (!mainWindow || mainWindow.isDestroyed()) mainWindow = createWindow(core);
      else mainWindow.show();
      mainWindow.focus();
    };
    disposeTray = createTray({ core, openDashboard: showDashboard, openChat: () => chatWindow?.open() });
    app.on('activate', () => {
      if (core && BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow(core);
    });
  });

  // With the tray, closing the windows keeps the app (and its supervision) running.
  app.on('window-all-closed', () => {
    if (!disposeTray && process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', (event) => {
    if (quitting || !core || !stopStackOnQuit(core)) return;
    event.preventDefault();
    quitting = true;
    void core.stack.down().finally(() => app.quit());
  });
  app.on('will-quit', () => {
    disposeTray?.();
    chatWindow?.dispose();
    core?.dispose();
  });
}
