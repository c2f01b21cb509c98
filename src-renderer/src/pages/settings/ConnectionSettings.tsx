import type { SettingsView } from '../../../../src-shared/api';
import { TextSetting } from './SettingControls';

/** Where the Docker engine and Ollama are; empty fields let the app find them. */
export function ConnectionSettings({ view }: { view: SettingsView }) {
  return (
    <section className="card" aria-label="Connections">
      <h2>Engine and Ollama</h2>
      <TextSetting
        label="Docker engine endpoint"
        name="engineEndpoint"
        value={view.values.engineEndpoint}
        placeholder="found automatically"
        help={
          <>
            In use:{' '}
            <span className="mono" data-testid="engine-in-use">
              {view.effective.engineEndpoint}
            </span>{' '}
            ({view.effective.engineSource})
          </>
        }
      />
      <TextSetting
        label="Ollama URL"
        name="ollamaUrl"
        value={view.values.ollamaUrl}
        placeholder="found automatically"
        help={
          <>
            In use:{' '}
            <span className="mono" data-testid="ollama-in-use">
              {view.effective.ollamaUrl}
            </span>{' '}
            ({view.effective.ollamaSource})
          </>
        }
      />
    </section>
  );
}
