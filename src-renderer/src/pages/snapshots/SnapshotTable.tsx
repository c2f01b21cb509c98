import { useState } from 'react';
import type { SnapshotSummary } from '../../../../src-shared/api';
import { ErrorNote } from '../../components/ErrorNote';
import { formatBytes } from '../../components/format';
import { useSnapshotActions } from './use-snapshots';

/** Each snapshot with its time, size, method per service and verification, and what can be done with it. */
export function SnapshotTable({
  snapshots,
  onRestore,
  onClone,
}: {
  snapshots: SnapshotSummary[];
  onRestore: (s: SnapshotSummary) => void;
  onClone: (s: SnapshotSummary) => void;
}) {
  const { verify, remove } = useSnapshotActions();
  const [deleting, setDeleting] = useState<string | undefined>();
  if (snapshots.length === 0) return <p className="muted">No snapshots yet.</p>;
  return (
    <>
      {verify.error && <ErrorNote error={verify.error} />}
      {remove.error && <ErrorNote error={remove.error} />}
      <table className="table">
        <thead>
          <tr>
            <th>Taken</th>
            <th>Size</th>
            <th>Services</th>
            <th>Checked</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {snapshots.map((s) => (
            <tr key={s.id} data-testid="snapshot-row" data-id={s.id}>
              <td>
                <div>{new Date(s.createdAt).toLocaleString()}</div>
                <div className="muted mono">{s.id}</div>
                {s.label && <div>{s.label}</div>}
                <div className="muted">
                  {s.trigger === 'schedule' ? 'scheduled' : 'manual'}
                  {s.secretsEncrypted ? ', stack.env sealed' : ''}
                  {s.models ? `, ${s.models} models listed` : ''}
                </div>
              </td>
              <td>
                {formatBytes(s.archiveBytes)}
                <div className="muted">{formatBytes(s.dataBytes)} of data</div>
              </td>
              <td>
                {s.services.map((x) => (
                  <div key={x.service}>
                    {x.service} <span className="muted">{x.method}</span>
                  </div>
                ))}
              </td>
              <td data-testid="verified">
                {s.verified ? (
                  <span className={`pill ${s.verified.ok ? 'ok' : 'bad'}`}>
                    {s.verified.ok ? 'verified' : 'damaged'}
                  </span>
                ) : (
                  <span className="muted">not yet</span>
                )}
              </td>
              <td className="row-actions">
                <button type="button" onClick={() => verify.mutate(s.id)} disabled={verify.isPending}>
                  Verify
                </button>
                <button type="button" onClick={() => onRestore(s)}>
                  Restore…
                </button>
                <button type="button" onClick={() => onClone(s)}>
                  Clone…
                </button>
                {deleting === s.id ? (
                  <>
                    <button
                      type="button"
                      className="primary"
                      onClick={() => (remove.mutate(s.id), setDeleting(undefined))}
                    >
                      Delete it
                    </button>
                    <button type="button" onClick={() => setDeleting(undefined)}>
                      Keep
                    </button>
                  </>
                ) : (
                  <button type="button" onClick={() => setDeleting(s.id)}>
                    Delete…
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {verify.data && !verify.data.ok && (
        <div className="error" role="alert">
          {verify.data.id} failed verification:{' '}
          {verify.data.files
            .filter((f) => !f.ok)
            .map((f) => `${f.file} (${f.problem})`)
            .join(', ')}
          . Restore another snapshot.
        </div>
      )}
    </>
  );
}
