import { useState } from 'react';
import type { MethodChoice, SnapshotProgress } from '../../../../src-shared/api';
import { ErrorNote } from '../../components/ErrorNote';
import { formatBytes } from '../../components/format';
import { useSnapshotActions } from './use-snapshots';

/** Shows how each service would be captured (and lets the user choose), then starts the snapshot. */
export function CreateSnapshotCard({ running }: { running: SnapshotProgress | undefined }) {
  const { plan, create } = useSnapshotActions();
  const [methods, setMethods] = useState<Record<string, MethodChoice>>({});
  const [weights, setWeights] = useState(false);
  const [label, setLabel] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [destination, setDestination] = useState('');
  const busy = running !== undefined && !['done', 'failed', 'cancelled'].includes(running.phase);
  const options = {
    ...(Object.keys(methods).length ? { methods } : {}),
    ...(weights ? { includeModelWeights: true } : {}),
    ...(destination.trim() ? { destination: destination.trim() } : {}),
  };
  return (
    <section className="card" aria-label="New snapshot">
      <h2>New snapshot</h2>
      <div className="actions">
        <button type="button" onClick={() => plan.mutate(options)} disabled={plan.isPending}>
          {plan.data ? 'Check again' : 'Show what it captures'}
        </button>
      </div>
      {plan.error && <ErrorNote error={plan.error} />}
      {plan.data && (
        <>
          <ul className="plan-list" data-testid="capture-plan">
            {plan.data.services.map((s) => (
              <li key={s.service} data-testid="plan-row">
                <div className="plan-head">
                  <strong>{s.service}</strong>{' '}
                  <span className="mono" data-testid="plan-method">
                    {s.method}
                  </span>{' '}
                  <span className="muted">{formatBytes(s.volumes.reduce((a, v) => a + v.sizeBytes, 0))}</span>
                  {s.choices.length > 0 && (
                    <select
                      aria-label={`method for ${s.service}`}
                      value={methods[s.service] ?? 'auto'}
                      onChange={(e) => {
                        setMethods({ ...methods, [s.service]: e.target.value as MethodChoice });
                        plan.reset();
                      }}
                    >
                      {s.choices.map((c) => (
                        <option key={c} value={c}>
                          {c === 'auto' ? 'best available' : c === 'stop' ? 'stop briefly' : 'live (no guarantee)'}
                        </option>
                      ))}
                    </select>
                  )}
                </div>
                <div className="muted">{s.reason}</div>
              </li>
            ))}
            {plan.data.skipped.map((k) => (
              <li key={k.name}>
                <strong>{k.key}</strong> <span className="muted">left out: {k.reason}</span>
              </li>
            ))}
          </ul>
          <p className="muted">
            Into {plan.data.destination}; about {formatBytes(plan.data.totalBytes)} of data.{' '}
            {plan.data.models.listed
              ? `${plan.data.models.count} models kept by name and digest.`
              : `Models not listed: ${plan.data.models.error ?? 'Ollama did not answer'}.`}
            {!plan.data.helperImage.present && ` The helper image ${plan.data.helperImage.image} is pulled first.`}
          </p>
        </>
      )}
      <label>
        <input type="checkbox" checked={weights} onChange={(e) => (setWeights(e.target.checked), plan.reset())} />{' '}
        include the model files (they can be pulled again otherwise)
      </label>
      <label>
        Label <input value={label} onChange={(e) => setLabel(e.target.value)} placeholder="before the upgrade" />
      </label>
      <label>
        Passphrase for stack.env{' '}
        <input
          type="password"
          autoComplete="new-password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          placeholder="optional, 8 characters or more"
        />
      </label>
      <label>
        Folder{' '}
        <input
          value={destination}
          onChange={(e) => (setDestination(e.target.value), plan.reset())}
          placeholder="the default, in the app's data folder"
        />
      </label>
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={busy || create.isPending || !plan.data}
          onClick={() =>
            create.mutate({
              ...options,
              ...(label.trim() ? { label: label.trim() } : {}),
              ...(passphrase ? { passphrase } : {}),
            })
          }
        >
          Start snapshot
        </button>
      </div>
      {create.error && <ErrorNote error={create.error} />}
      {create.data && (
        <p role="status" data-testid="created">
          {create.data.id} is complete ({formatBytes(create.data.archiveBytes)}).
        </p>
      )}
    </section>
  );
}
