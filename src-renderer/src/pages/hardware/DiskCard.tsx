import { useState } from 'react';
import { ErrorNote } from '../../components/ErrorNote';
import { formatBytes } from '../../components/format';
import { useDiskUsage, usePrune } from './use-hardware';

const ROWS = [
  ['images', 'Images'],
  ['containers', 'Containers'],
  ['volumes', 'Volumes'],
  ['buildCache', 'Build cache'],
] as const;

export function DiskCard() {
  const disk = useDiskUsage();
  const { preview, result, makePreview, prune, cancel } = usePrune();
  const [includeVolumes, setIncludeVolumes] = useState(false);
  return (
    <section className="card" aria-label="Engine disk">
      <h2>Engine disk</h2>
      {disk.error && <ErrorNote error={disk.error} />}
      {disk.data && (
        <table className="table">
          <thead>
            <tr>
              <th>Kind</th>
              <th>Count</th>
              <th>Size</th>
              <th>Reclaimable</th>
            </tr>
          </thead>
          <tbody>
            {ROWS.map(([key, label]) => (
              <tr key={key} data-testid={`disk-${key}`}>
                <td>{label}</td>
                <td>{disk.data[key].count}</td>
                <td>{formatBytes(disk.data[key].bytes)}</td>
                <td>{formatBytes(disk.data[key].reclaimableBytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="actions">
        <label>
          <input type="checkbox" checked={includeVolumes} onChange={(e) => setIncludeVolumes(e.target.checked)} />{' '}
          include unused volumes (their data is deleted)
        </label>
        <button type="button" disabled={makePreview.isPending} onClick={() => makePreview.mutate(includeVolumes)}>
          Preview prune
        </button>
      </div>
      {makePreview.error && <ErrorNote error={makePreview.error} />}
      {prune.error && <ErrorNote error={prune.error} />}
      {preview && (
        <div aria-label="Prune preview" data-testid="prune-preview">
          <p>
            {preview.items.length === 0
              ? 'Nothing to remove.'
              : `${preview.items.length} item(s) would be removed, freeing ${formatBytes(preview.totalBytes)}:`}
          </p>
          {preview.items.length > 0 && (
            <table className="table">
              <tbody>
                {preview.items.map((i) => (
                  <tr key={`${i.kind}:${i.id}`} data-testid="prune-item">
                    <td>{i.kind}</td>
                    <td className="mono">{i.name}</td>
                    <td>{formatBytes(i.sizeBytes)}</td>
                    <td className="muted">{i.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {preview.excluded.map((e) => (
            <p key={e} className="muted">
              Left alone: {e}
            </p>
          ))}
          <div className="actions">
            {preview.items.length > 0 && (
              <button type="button" disabled={prune.isPending} onClick={() => prune.mutate(preview.id)}>
                Remove these {preview.items.length}
              </button>
            )}
            <button type="button" onClick={cancel}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {result && (
        <p role="status">
          Removed {result.removed.length}, freed {formatBytes(result.freedBytes)}
          {result.skipped.length > 0
            ? `; skipped ${result.skipped.length}: ${result.skipped.map((s) => `${s.item.name} (${s.reason})`).join(', ')}`
            : ''}
          .
        </p>
      )}
    </section>
  );
}
