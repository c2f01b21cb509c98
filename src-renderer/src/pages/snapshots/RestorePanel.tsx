import { useEffect, useState } from 'react';
import type { SnapshotSummary } from '../../../../src-shared/api';
import { ErrorNote } from '../../components/ErrorNote';
import { formatBytes } from '../../components/format';
import { useSnapshotActions } from './use-snapshots';

/** What a restore overwrites (volumes, sizes, when their data last changed), confirmed before anything is touched. */
export function RestorePanel({ snapshot, onClose }: { snapshot: SnapshotSummary; onClose: () => void }) {
  const { restorePlan, restore } = useSnapshotActions();
  const [passphrase, setPassphrase] = useState('');
  const planFor = restorePlan.mutate;
  useEffect(() => planFor(snapshot.id), [planFor, snapshot.id]);
  const plan = restorePlan.data;
  return (
    <section className="card" aria-label="Restore" data-testid="restore-panel">
      <h2>Restore {snapshot.id}</h2>
      {restorePlan.isPending && <p className="muted">Reading what it would overwrite…</p>}
      {restorePlan.error && <ErrorNote error={restorePlan.error} />}
      {plan && !restore.data && (
        <>
          <p>
            These volumes of {plan.project} are replaced by the snapshot&apos;s (taken{' '}
            {new Date(plan.snapshotCreatedAt).toLocaleString()});{' '}
            <strong>what was written to them since is lost</strong>:
          </p>
          <table className="table">
            <tbody>
              {plan.volumes.map((v) => (
                <tr key={v.name} data-testid="restore-volume">
                  <td className="mono">{v.name}</td>
                  <td>
                    {v.currentBytes === null ? 'created' : `${formatBytes(v.currentBytes)} now`}
                    {v.lastChangedAt && (
                      <div className="muted">last changed {new Date(v.lastChangedAt).toLocaleString()}</div>
                    )}
                  </td>
                  <td>
                    {formatBytes(v.snapshotBytes)} <span className="muted">({v.method})</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {plan.stops.length > 0 && <p>Stopped meanwhile and started again: {plan.stops.join(', ')}.</p>}
          <p className="muted">
            stack.env: {plan.secrets}; override: {plan.override}. Files it replaces are kept aside.
          </p>
          {plan.warnings.map((w) => (
            <p key={w} className="banner warn">
              {w}
            </p>
          ))}
          {plan.modelsMissing.length > 0 && (
            <p className="muted">Models to pull again afterwards: {plan.modelsMissing.join(', ')}.</p>
          )}
          {plan.needsPassphrase && (
            <label>
              Passphrase of its stack.env{' '}
              <input type="password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
            </label>
          )}
          <div className="actions">
            <button
              type="button"
              className="primary"
              disabled={restore.isPending || (plan.needsPassphrase && passphrase.length < 8)}
              onClick={() =>
                restore.mutate({ id: plan.id, confirmToken: plan.confirmToken, ...(passphrase ? { passphrase } : {}) })
              }
            >
              Overwrite and restore
            </button>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        </>
      )}
      {restore.error && <ErrorNote error={restore.error} />}
      {restore.data && (
        <div role="status" data-testid="restored">
          <p>
            Restored in {(restore.data.durationMs / 1000).toFixed(1)} s:{' '}
            {restore.data.started
              .map((s) => `${s.service} ${s.ready ? 'ready' : `not ready (${s.error ?? ''})`}`)
              .join(', ') || 'nothing was running'}
            .
          </p>
          {restore.data.warnings.map((w) => (
            <p key={w} className="banner warn">
              {w}
            </p>
          ))}
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      )}
    </section>
  );
}
