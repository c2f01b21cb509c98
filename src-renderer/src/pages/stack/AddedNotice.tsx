import type { ProjectAdded } from '../../../../src-shared/api';

/** What adding a folder found: its profiles, the containers compose had already made, and its warnings. */
export function AddedNotice({ added, onClose }: { added: ProjectAdded; onClose: () => void }) {
  return (
    <section className="card added-notice" role="status" aria-label="Project added">
      <header className="card-header">
        <h2>Added {added.project.name}</h2>
        <button type="button" onClick={onClose} aria-label="Close">
          ×
        </button>
      </header>
      <div>
        {added.profiles.length ? `Profiles: ${added.profiles.join(', ')}.` : 'No profiles.'}{' '}
        {added.services.length ? `Services without a profile: ${added.services.join(', ')}.` : ''}
      </div>
      {added.adopted.length > 0 && (
        <div>
          Already made by docker compose, now managed as they are:{' '}
          {added.adopted.map((c) => `${c.service} (${c.state})`).join(', ')}. Start leaves them untouched unless the
          compose files changed.
        </div>
      )}
      {added.warnings.length > 0 && (
        <ul className="muted">
          {added.warnings.map((w, i) => (
            <li key={i}>
              {w.pos && <span className="mono">{`${w.pos.file}:${w.pos.line}: `}</span>}
              {w.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
