import type { SettingsView } from '../../../../src-shared/api';
import { ToggleSetting } from './SettingControls';

/** Notifications, start on login, the tray, and what quitting does. */
export function DesktopSettings({ view }: { view: SettingsView }) {
  const desktop = view.mode === 'desktop';
  const v = view.values;
  return (
    <section className="card" aria-label="Desktop">
      <h2>Start and notifications</h2>
      <ToggleSetting
        label="Notifications for alerts (crashes, OOM kills, the memory guard)"
        name="notifications"
        checked={v.notifications}
      />
      <ToggleSetting
        label="Start on login"
        name="startOnLogin"
        checked={v.startOnLogin}
        disabled={!view.loginItem.supported}
        help={view.loginItem.supported ? `Done with ${view.loginItem.note}.` : `Not available: ${view.loginItem.note}.`}
      />
      <ToggleSetting
        label="Start hidden in the tray"
        name="startHidden"
        checked={v.startHidden}
        disabled={!desktop}
        help={desktop ? undefined : 'Desktop app only.'}
      />
      <ToggleSetting
        label="Close the window to the tray"
        name="closeToTray"
        checked={v.closeToTray}
        disabled={!desktop}
        help={desktop ? undefined : 'Desktop app only.'}
      />
      <ToggleSetting
        label="Stop the stack when quitting"
        name="stopStackOnQuit"
        checked={v.stopStackOnQuit}
        help={
          desktop
            ? 'Otherwise the stack keeps running after Quit.'
            : 'Applies when the desktop app quits; `sutazai serve` leaves the stack running.'
        }
      />
    </section>
  );
}
