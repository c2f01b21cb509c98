import { useEffect } from 'react';
import type { PullState } from '../../../../src-shared/api';
import { formatBytes } from '../../components/format';

/** One pull: its phase, a bar per layer, and Cancel while it runs. */
export function PullProgress({
  pull,
  onCancel,
  onDone,
}: {
  pull: PullState;
  onCancel?: () => void;
  onDone?: () => void;
}) {
  const finished = pull.status === 'success';
  useEffect(() => {
    if (finished) onDone?.();
  }, [finished, onDone]);
  return (
    <div className="pull" data-testid={`pull-${pull.model}`}>
      <div className="pull-head">
        <strong>{pull.model}</strong>{' '}
        <span className={`pill ${pull.status === 'success' ? 'ok' : pull.status === 'failed' ? 'bad' : ''}`}>
          {pull.status}
        </span>{' '}
        <span className="muted">{pull.phase}</span>
        {pull.status === 'running' && onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
      {pull.error && <div className="error">{pull.error}</div>}
      <ul className="progress-list">
        {pull.layers.map((l) => (
          <li key={l.digest}>
            <span className="mono">{l.digest.replace('sha256:', '').slice(0, 12)}</span>
            <progress max={l.total || 1} value={l.completed} aria-label={`layer ${l.digest.slice(7, 19)}`} />
            <span className="muted">
              {formatBytes(l.completed)} / {formatBytes(l.total)}
            </span>
          </li>
        ))}
      </ul>
      {pull.status === 'cancelled' && (
        <div className="muted">Cancelled; pulling again resumes from the bytes already downloaded.</div>
      )}
    </div>
  );
}
