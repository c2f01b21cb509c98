import type { SettingsView } from '../../../../src-shared/api';
import { ToggleSetting } from './SettingControls';

/** What MCP clients of the control center (`sutazai mcp`, `/mcp`) may do. */
export function McpSettings({ view }: { view: SettingsView }) {
  return (
    <section className="card" aria-label="MCP clients">
      <h2>MCP clients</h2>
      <p className="muted">
        IDEs and assistants reach the control center with <code>sutazai mcp</code> or the browser mode&apos;s{' '}
        <code>/mcp</code> (with the token). They can always read services, logs, events and metrics.
      </p>
      <ToggleSetting
        label="Let MCP clients start and stop profiles"
        name="mcpAllowChanges"
        checked={view.values.mcpAllowChanges}
      />
    </section>
  );
}
