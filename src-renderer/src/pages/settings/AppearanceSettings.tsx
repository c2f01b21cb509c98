import type { SettingsView, Theme } from '../../../../src-shared/api';
import { useSaveSettings } from '../../api/use-settings';
import { ErrorNote } from '../../components/ErrorNote';

const LABELS: Record<Theme, string> = { system: 'System', light: 'Light', dark: 'Dark' };
const THEMES = Object.keys(LABELS) as Theme[];

/** Light, dark, or as the operating system says; and where the shortcuts are listed. */
export function AppearanceSettings({ view, onShowShortcuts }: { view: SettingsView; onShowShortcuts: () => void }) {
  const save = useSaveSettings();
  return (
    <section className="card" aria-label="Appearance">
      <h2>Appearance</h2>
      <div className="segmented" role="group" aria-label="Theme">
        {THEMES.map((t) => (
          <button
            key={t}
            type="button"
            aria-pressed={view.values.theme === t}
            onClick={() => save.mutate({ theme: t })}
          >
            {LABELS[t]}
          </button>
        ))}
      </div>
      {save.error && <ErrorNote error={save.error} />}
      <p className="muted">
        Keyboard shortcuts: press <kbd>?</kbd> anywhere, or{' '}
        <button type="button" className="link" onClick={onShowShortcuts}>
          show them
        </button>
        .
      </p>
    </section>
  );
}
