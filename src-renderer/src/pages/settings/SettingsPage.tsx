import { useSettings } from '../../api/use-settings';
import { ErrorNote } from '../../components/ErrorNote';
import { useUiStore } from '../../stores/ui-store';
import { AppearanceSettings } from './AppearanceSettings';
import { ConnectionSettings } from './ConnectionSettings';
import { DataSettings } from './DataSettings';
import { DesktopSettings } from './DesktopSettings';
import { GuardSettings } from './GuardSettings';
import { McpSettings } from './McpSettings';

/** Every setting in one page; each takes effect when saved and is kept in the app's database. */
export function SettingsPage() {
  const { data: view, error } = useSettings();
  const showShortcuts = useUiStore((s) => s.setShortcutHelp);
  return (
    <div className="page settings">
      <h1>Settings</h1>
      {error && <ErrorNote error={error} />}
      {view && (
        <div className="settings-grid">
          <ConnectionSettings view={view} />
          <GuardSettings view={view} />
          <McpSettings view={view} />
          <DesktopSettings view={view} />
          <AppearanceSettings view={view} onShowShortcuts={() => showShortcuts(true)} />
          <DataSettings view={view} />
        </div>
      )}
    </div>
  );
}
