import { useState } from 'react';
import type { SnapshotSummary } from '../../../../src-shared/api';
import { ErrorNote } from '../../components/ErrorNote';
import { useSnapshotActions } from './use-snapshots';

/** A snapshot started as a new project beside the stack; the page says which ports it moved. */
export function ClonePanel({ snapshot, onClose }: { snapshot: SnapshotSummary; onClose: () => void }) {
  const { clone } = useSnapshotActions();
  const [project, setProject] = useState(`${snapshot.project}-clone`);
  const [passphrase, setPassphrase] = useState('');
  const [acknowledge, setAcknowledge] = useState(false);
  return (
    <section className="card" aria-label="Clone" data-testid="clone-panel">
      <h2>Clone {snapshot.id}</h2>
      <p className="muted">
        A new project with its own volumes, started beside the stack on free ports: to try an upgrade or look at old
        data.
      </p>
      <label>
        Project name <input value={project} onChange={(e) => setProject(e.target.value)} />
      </label>
      {snapshot.secretsEncrypted && (
        <label>
          Passphrase of its stack.env{' '}
          <input type="password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
        </label>
      )}
      <label>
        <input type="checkbox" checked={acknowledge} onChange={(e) => setAcknowledge(e.target.checked)} /> confirm
        settings that give its containers part of the host, as for the stack
      </label>
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={clone.isPending}
          onClick={() => clone.mutate({ id: snapshot.id, project, acknowledge, ...(passphrase ? { passphrase } : {}) })}
        >
          Clone
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {clone.isPending && <p className="muted">Loading its data and starting it…</p>}
      {clone.error && <ErrorNote error={clone.error} />}
      {clone.data && (
        <div role="status" data-testid="cloned">
          <p>
            {clone.data.project} runs from {clone.data.folder}:{' '}
            {clone.data.started.map((s) => `${s.service} ${s.ready ? 'ready' : 'not ready'}`).join(', ')}.
          </p>
          <ul>
            {clone.data.ports.map((p) => (
              <li key={`${p.service}-${p.from}`}>
                {p.service}: port {p.from} is <strong>{p.to}</strong> in the clone
              </li>
            ))}
          </ul>
          {clone.data.warnings.map((w) => (
            <p key={w} className="banner warn">
              {w}
            </p>
          ))}
        </div>
      )}
    </section>
  );
}
