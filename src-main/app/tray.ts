import { app, Menu, Notification, Tray } from 'electron';
import { appIconFile } from './app-paths';
import { AlertGate } from '../../src-shared/alerts';
import { APP_NAME } from '../../src-shared/defaults';
import { DisposableStore, toDisposable } from '../base';
import type { AppEvent, GuardStatus, ProfileSummary } from '../../src-shared/api';
import type { Core } from '../core';
import { trayIcon, type TrayLevel } from './tray-icon';

export interface TrayOptions {
  core: Core;
  openDashboard: () => void;
  openChat: () => void;
  /** Called with each menu the tray shows (the end-to-end spec reads it). */
  onMenu?: (menu: Menu) => void;
}

const STOP_ON_QUIT = 'app.stopStackOnQuit';

/**
 * The tray: stack memory % in the tooltip, an icon that turns amber at the guard's warning and
 * red when it sheds, each profile's Start/Stop, the dashboard and the chat window, and Quit.
 * Alerts become OS notifications, at most one per service per minute.
 */
export function createTray({ core, openDashboard, openChat, onMenu }: TrayOptions): () => void {
  const tray = new Tray(trayIcon('ok'));
  let level: TrayLevel = 'ok';
  let profiles: ProfileSummary[] = [];
  let running = new Set<string>();
  const busy = new Set<string>();
  const alerts = new AlertGate();

  const rebuild = (): void => {
    const profileItems = profiles.map((p) => {
      const up = p.services.filter((s) => running.has(s.name)).length;
      return {
        label: `${p.name} (${up}/${p.services.length} running)`,
        submenu: [
          { label: 'Start', enabled: !busy.has(p.name) && up < p.services.length, click: () => act(p.name, 'up') },
          { label: 'Stop', enabled: !busy.has(p.name) && up > 0, click: () => act(p.name, 'down') },
        ],
      };
    });
    const menu = Menu.buildFromTemplate([
      { label: 'Open dashboard', click: openDashboard },
      { label: 'Open chat', accelerator: 'CommandOrControl+Shift+Space', click: openChat },
      { type: 'separator' },
      ...(profileItems.length ? profileItems : [{ label: 'No profiles found', enabled: false }]),
      { type: 'separator' },
      {
        label: 'Stop the stack when quitting',
        type: 'checkbox',
        checked: core.settings.get<boolean>(STOP_ON_QUIT) ?? false,
        click: (item) => void core.preferences.set({ stopStackOnQuit: item.checked }),
      },
      { label: 'Quit', click: () => app.quit() },
    ]);
    tray.setContextMenu(menu);
    onMenu?.(menu);
  };

  const act = (profile: string, what: 'up' | 'down'): void => {
    busy.add(profile);
    rebuild();
    const done = what === 'up' ? core.stack.up(profile, true) : core.stack.down(profile);
    void done
      .then((r) => {
        if ('ok' in r && !r.ok) notify(`SutazAI: ${profile} did not start`, r.error ?? '');
      })
      .catch((err: Error) => notify(`SutazAI: ${profile}`, err.message))
      .finally(() => {
        busy.delete(profile);
        void refresh();
      });
  };

  const refresh = async (): Promise<void> => {
    try {
      profiles = core.stack.profiles();
      running = new Set((await core.stack.ps()).filter((s) => s.state === 'running').map((s) => s.service));
    } catch {
      // no engine or broken templates: the menu shows what it can
    }
    rebuild();
  };

  const onGuard = (s: GuardStatus): void => {
    const next: TrayLevel = s.level === 'ok' ? 'ok' : s.level === 'warn' ? 'warn' : 'critical';
    tray.setToolTip(
      `SutazAI: ${s.budgetSource === 'setting' ? 'stack' : 'host'} memory ${Math.round(s.usage * 100)} %`,
    );
    if (next !== level) {
      level = next;
      tray.setImage(trayIcon(level));
    }
  };

  const onEvent = (e: AppEvent): void => {
    if (alerts.admit(e)) notify(`SutazAI: ${e.service || 'stack'}`, e.message);
  };

  /** An OS notification with the app's icon, unless the user turned notifications off in Settings. */
  const notify = (title: string, body: string): void => {
    if (!Notification.isSupported() || !core.preferences.values().notifications) return;
    new Notification({ title, body, icon: appIconFile() }).show();
  };

  tray.setToolTip(APP_NAME);
  tray.on('click', openDashboard);
  const subscriptions = new DisposableStore();
  subscriptions.add(toDisposable(() => tray.destroy()));
  subscriptions.add(core.guard.subscribe(onGuard));
  subscriptions.add(core.events.subscribe(onEvent));
  subscriptions.add(core.preferences.subscribe(() => rebuild()));
  subscriptions.add(
    core.stack.watchServices((list) => {
      running = new Set(list.filter((s) => s.state === 'running').map((s) => s.service));
      rebuild();
    }),
  );
  void refresh();
  return () => subscriptions.dispose();
}

/** Whether quitting should take the stack down too (the user's choice in the tray menu). */
export function stopStackOnQuit(core: Core): boolean {
  return core.settings.get<boolean>(STOP_ON_QUIT) ?? false;
}
