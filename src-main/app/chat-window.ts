import { BrowserWindow, globalShortcut, Menu } from 'electron';
import type { SettingsRepository } from '../store';
import { lockWindow } from './security';

export const CHAT_WINDOW_SHORTCUT = 'CommandOrControl+Shift+Space';
const ON_TOP_SETTING = 'chatWindow.alwaysOnTop';

export interface ChatWindowOptions {
  preload: string;
  /** The renderer's entry (app://renderer/index.html, or the dev server). */
  rendererUrl: string;
  isAppUrl: (url: string) => boolean;
  settings: SettingsRepository;
}

export interface ChatWindowController {
  /** Shows the small chat window, creating it if needed (the tray menu calls this). */
  open(): void;
  /** Shows it, or hides it when it has the focus (the global shortcut). */
  toggle(): void;
  setAlwaysOnTop(onTop: boolean): void;
  /** Registers the global shortcut; false when another app holds it. */
  registerShortcut(accelerator?: string): boolean;
  dispose(): void;
}

/**
 * The embedded chat: a small window with the main window's security settings, loading the
 * renderer at #/chat-window (the same conversations through the same core). Its context menu
 * toggles "Keep on top", remembered in settings.
 */
export function createChatWindow(options: ChatWindowOptions): ChatWindowController {
  let win: BrowserWindow | undefined;
  let shortcut: string | undefined;

  const create = (): BrowserWindow => {
    const w = new BrowserWindow({
      width: 420,
      height: 560,
      minWidth: 320,
      minHeight: 360,
      show: false,
      title: 'SutazAI Chat',
      backgroundColor: '#0f1419',
      alwaysOnTop: options.settings.get<boolean>(ON_TOP_SETTING) ?? false,
      webPreferences: {
        preload: options.preload,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        spellcheck: false,
      },
    });
    lockWindow(w, options.isAppUrl);
    w.webContents.on('context-menu', () => {
      Menu.buildFromTemplate([
        {
          label: 'Keep on top',
          type: 'checkbox',
          checked: w.isAlwaysOnTop(),
          click: (item) => controller.setAlwaysOnTop(item.checked),
        },
        { type: 'separator' },
        { role: 'copy' },
        { role: 'paste' },
      ]).popup({ window: w });
    });
    w.once('ready-to-show', () => w.show());
    w.on('closed', () => (win = undefined));
    void w.loadURL(`${options.rendererUrl}#/chat-window`);
    return w;
  };

  const controller: ChatWindowController = {
    open() {
      if (!win || win.isDestroyed()) win = create();
      else {
        if (win.isMinimized()) win.restore();
        win.show();
        win.focus();
      }
    },
    toggle() {
      if (win && !win.isDestroyed() && win.isVisible() && win.isFocused()) win.hide();
      else controller.open();
    },
    setAlwaysOnTop(onTop) {
      options.settings.set(ON_TOP_SETTING, onTop);
      win?.setAlwaysOnTop(onTop);
    },
    registerShortcut(accelerator = CHAT_WINDOW_SHORTCUT) {
      if (shortcut) globalShortcut.unregister(shortcut);
      const ok = globalShortcut.register(accelerator, () => controller.toggle());
      shortcut = ok ? accelerator : undefined;
      return ok;
    },
    dispose() {
      if (shortcut) globalShortcut.unregister(shortcut);
      shortcut = undefined;
      if (win && !win.isDestroyed()) win.destroy();
    },
  };
  return controller;
}
