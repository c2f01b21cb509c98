import { useSettings } from '../../api/use-settings';
import { ToggleSetting } from '../settings/SettingControls';

/** Step 6: start on login, the tray, notifications (all off until chosen, except notifications). */
export function PreferencesStep() {
  const view = useSettings().data;
  if (!view) return null;
  const desktop = view.mode === 'desktop';
  return (
    <div>
      <ToggleSetting label="Notifications for alerts" name="notifications" checked={view.values.notifications} />
      <ToggleSetting
        label="Start on login"
        name="startOnLogin"
        checked={view.values.startOnLogin}
        disabled={!view.loginItem.supported}
        help={view.loginItem.supported ? `Done with ${view.loginItem.note}.` : `Not available: ${view.loginItem.note}.`}
      />
      <ToggleSetting
        label="Start hidden in the tray"
        name="startHidden"
        checked={view.values.startHidden}
        disabled={!desktop}
        help={desktop ? undefined : 'Desktop app only.'}
      />
      <ToggleSetting
        label="Close the window to the tray"
        name="closeToTray"
        checked={view.values.closeToTray}
        disabled={!desktop}
        help={desktop ? undefined : 'Desktop app only.'}
      />
      <p className="muted">All of these can be changed later on the Settings page.</p>
    </div>
  );
}
