import type { SnapshotProgress } from '../../../../src-shared/api';
import { formatBytes } from '../../components/format';
import { useSnapshotActions } from './use-snapshots';

const ENDED = new Set(['done', 'failed', 'cancelled']);

/** The operation that runs now: its phase, the service it is on, bytes as a bar, and Cancel for a snapshot. */
export function ProgressBar({ progress }: { progress: SnapshotProgress }) {
  const { cancel } = useSnapshotActions();
  const ended = ENDED.has(progress.phase);
  return (
    <section
      className={`card snapshot-progress ${progress.phase === 'failed' ? 'bad' : ''}`}
      aria-label="Snapshot progress"
      data-testid="snapshot-progress"
    >
      <div>
        <strong>
          {progress.operation} {progress.snapshotId}
        </strong>{' '}
        <span className={`pill ${progress.phase === 'done' ? 'ok' : progress.phase === 'failed' ? 'bad' : ''}`}>
          {progress.phase}
        </span>{' '}
        {progress.service && <span className="mono">{progress.service} </span>}
        <span className="muted">{progress.message}</span>
      </div>
      {!ended && progress.bytesTotal > 0 && (
        <div>
          <progress max={progress.bytesTotal} value={progress.bytesDone} aria-label="bytes captured" />{' '}
          <span className="muted">
            {formatBytes(progress.bytesDone)} of {formatBytes(progress.bytesTotal)}
          </span>
        </div>
      )}
      {!ended && progress.operation === 'create' && (
        <button type="button" onClick={() => cancel.mutate(progress.operationId)} disabled={cancel.isPending}>
          Cancel snapshot
        </button>
      )}
    </section>
  );
}
