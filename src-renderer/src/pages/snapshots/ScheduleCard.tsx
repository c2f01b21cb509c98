import { useEffect, useState } from 'react';
import type { ScheduleSettings } from '../../../../src-shared/api';
import { ErrorNote } from '../../components/ErrorNote';
import { useSchedule } from './use-snapshots';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Daily or weekly snapshots with keep-N, run by the desktop app or `sutazai serve` while it runs. */
export function ScheduleCard() {
  const { view, save } = useSchedule();
  const [draft, setDraft] = useState<ScheduleSettings | undefined>();
  useEffect(() => {
    if (view.data) setDraft(view.data.settings);
  }, [view.data]);
  if (view.error) return <ErrorNote error={view.error} />;
  if (!draft || !view.data) return null;
  const set = (patch: Partial<ScheduleSettings>) => setDraft({ ...draft, ...patch });
  return (
    <section className="card" aria-label="Schedule">
      <h2>Schedule</h2>
      <label>
        <input type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} /> take
        snapshots on a schedule
      </label>
      <label>
        Every{' '}
        <select value={draft.frequency} onChange={(e) => set({ frequency: e.target.value as 'daily' | 'weekly' })}>
          <option value="daily">day</option>
          <option value="weekly">week</option>
        </select>
      </label>
      {draft.frequency === 'weekly' && (
        <label>
          on{' '}
          <select value={draft.weekday} onChange={(e) => set({ weekday: Number(e.target.value) })}>
            {DAYS.map((d, i) => (
              <option key={d} value={i}>
                {d}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        at <input type="time" value={draft.time} onChange={(e) => set({ time: e.target.value })} />
      </label>
      <label>
        keep the last{' '}
        <input
          type="number"
          min={1}
          max={365}
          value={draft.keep}
          onChange={(e) => set({ keep: Number(e.target.value) })}
        />{' '}
        (manual snapshots are never deleted)
      </label>
      <label>
        <input
          type="checkbox"
          checked={draft.includeModelWeights}
          onChange={(e) => set({ includeModelWeights: e.target.checked })}
        />{' '}
        include the model files
      </label>
      <div className="actions">
        <button type="button" className="primary" disabled={save.isPending} onClick={() => save.mutate(draft)}>
          Save schedule
        </button>
      </div>
      {save.error && <ErrorNote error={save.error} />}
      <p className="muted" data-testid="schedule-next">
        {view.data.nextRunAt ? `Next: ${new Date(view.data.nextRunAt).toLocaleString()}` : 'No schedule.'}{' '}
        {view.data.lastRun &&
          (view.data.lastRun.ok
            ? `Last: ${view.data.lastRun.id} at ${new Date(view.data.lastRun.at).toLocaleString()}.`
            : `Last run failed: ${view.data.lastRun.error ?? ''}`)}
      </p>
    </section>
  );
}
