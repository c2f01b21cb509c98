import { app, Menu, Notification, Tray } from 'electron';
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
}

const STOP_ON_QUIT = 'app.stopStackOnQuit';

/**
 * The tray: stack memory % in the tooltip, an icon that turns amber at the guard's warning and
 * red when it sheds, each profile's Start/Stop, the dashboard and the chat window, and Quit.
 * Alerts become OS notifications, at most one per service per minute.
 */
export function createTray({ core, openDashboard, openChat }: TrayOptions): () => void {
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
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: 'Open dashboard', click: openDashboard },
        { label: 'Open chat', accelerator: 'CommandOrControl+Shift+Space', click: openChat },
        { type: 'separator' },
        ...(profileItems.length ? profileItems : [{ label: 'No profiles found', enabled: false }]),
        { type: 'separator' },
        {
          label: 'Stop the stack when quitting',
          type: 'checkbox',
          checked: core.settings.get<boolean>(STOP_ON_QUIT) ?? false,
          click: (item) => core.settings.set(STOP_ON_QUIT, item.checked),
        },
        { label: 'Quit', click: () => app.quit() },
      ]),
    );
  };

  const act = (profile: string, what: 'up' | 'down'): void => {
    busy.add(profile);
    rebuild();
    const done = what === 'up' ? core.stack.up(profile, true) : core.stack.down(profile);
    void done
      .then((r) => {
        if ('ok' in r && !r.ok) new Notification({ title: `SutazAI: ${profile} did not start`, body: r.error ?? '' }).show();
      })
      .catch((err: Error) => new Notification({ title: `SutazAI: ${profile}`, body: err.message }).show())
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
    tray.setToolTip(`SutazAI: ${s.budgetSource === 'setting' ? 'stack' : 'host'} memory ${Math.round(s.usage * 100)} %`);
    if (next !== level) {
      level = next;
      tray.setImage(trayIcon(level));
    }
  };

  const onEvent = (e: AppEvent): void => {
    if (!Notification.isSupported() || !alerts.admit(e)) return;
    new Notification({ title: `SutazAI: ${e.service || 'stack'}`, body: e.message }).show();
  };

  tray.setToolTip(APP_NAME);
  tray.on('click', openDashboard);
  const subscriptions = new DisposableStore();
  subscriptions.add(toDisposable(() => tray.destroy()));
  subscriptions.add(core.guard.subscribe(onGuard));
  subscriptions.add(core.events.subscribe(onEvent));
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
