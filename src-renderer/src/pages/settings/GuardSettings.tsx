import type { SettingsView } from '../../../../src-shared/api';
import { formatBytes } from '../../components/format';
import { TextSetting, ToggleSetting } from './SettingControls';

/** The memory guard's budget and dry run. */
export function GuardSettings({ view }: { view: SettingsView }) {
  const budget = view.values.memoryBudgetBytes;
  return (
    <section className="card" aria-label="Memory guard">
      <h2>Memory guard</h2>
      <TextSetting
        label="Memory budget"
        name="memoryBudget"
        value={budget === null ? '' : `${Math.round((budget / 1024 ** 3) * 100) / 100}G`}
        placeholder="the host's memory"
        help={
          view.effective.memoryBudgetBytes !== view.values.memoryBudgetBytes &&
          view.effective.memoryBudgetBytes !== null
            ? `In use: ${formatBytes(view.effective.memoryBudgetBytes)} from --memory-budget`
            : budget === null
              ? "The guard measures the stack against the host's memory."
              : `In use: ${formatBytes(budget)}`
        }
      />
      <ToggleSetting
        label="Dry run: log the guard's decisions without stopping anything"
        name="guardDryRun"
        checked={view.values.guardDryRun}
      />
    </section>
  );
}
