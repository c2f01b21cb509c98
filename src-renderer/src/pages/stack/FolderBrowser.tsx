import { useState } from 'react';
import { useApiQuery } from '../../api/hooks';
import { ErrorNote } from '../../components/ErrorNote';

interface Props {
  /** Where to start: an absolute path, or the user's home when none. */
  start?: string;
  onPick: (dir: string) => void;
  onClose: () => void;
}

/** Picks a folder by going through the folders the core lists (the page never reads files itself). */
export function FolderBrowser({ start, onPick, onClose }: Props) {
  const [dir, setDir] = useState<string | undefined>(start);
  const listing = useApiQuery('projects:browse', dir ? { dir } : {}, { staleTime: 5_000, retry: false });
  const here = listing.data;
  return (
    <div className="folder-browser" role="group" aria-label="Choose a folder">
      <div className="folder-path">
        <span className="mono" data-testid="browse-dir">
          {here?.dir ?? dir ?? '~'}
        </span>
        {here?.composeFiles.length ? <span className="pill ok">{here.composeFiles.join(', ')}</span> : null}
      </div>
      {listing.error && <ErrorNote error={listing.error} />}
      <ul className="folder-list">
        {here?.parent && (
          <li>
            <button type="button" className="link" onClick={() => setDir(here.parent)}>
              ..
            </button>
          </li>
        )}
        {here?.folders.map((f) => (
          <li key={f.name}>
            <button type="button" className="link" onClick={() => setDir(`${here.dir.replace(/\/$/, '')}/${f.name}`)}>
              {f.name}/
            </button>
            {f.hasCompose && <span className="pill ok">compose</span>}
          </li>
        ))}
        {here && here.more > 0 && <li className="muted">and {here.more} more folders</li>}
      </ul>
      <div className="actions">
        <button type="button" className="primary" disabled={!here} onClick={() => here && onPick(here.dir)}>
          Use this folder
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
