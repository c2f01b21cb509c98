import type { ProfileSummary, ProgressEvent, ServiceStatus } from '../../../../src-shared/api';
import { formatBytes } from '../../components/format';
import { ErrorNote } from '../../components/ErrorNote';
import { describeProgress } from './progress-text';

interface Props {
  profile: ProfileSummary;
  running: ServiceStatus[];
  progress: Record<string, ProgressEvent>;
  busy: 'starting' | 'stopping' | undefined;
  error: Error | null;
  onStart: () => void;
  onStop: () => void;
}

export function ProfileCard({ profile, running, progress, busy, error, onStart, onStop }: Props) {
  const names = profile.services.map((s) => s.name);
  const up = running.filter((s) => s.state === 'running').length;
  const all = up === names.length;
  // '' is a compose folder's services that run without a profile.
  const title = profile.name || 'Without a profile';
  return (
    <section
      className="card profile"
      aria-label={profile.name ? `Profile ${profile.name}` : 'Services without a profile'}
      data-testid={profile.name ? `profile-${profile.name}` : 'no-profile'}
    >
      <header className="card-header">
        <h2>{title}</h2>
        <span className={`pill ${all ? 'ok' : up > 0 ? 'warn' : ''}`} data-testid="profile-state">
          {up} / {names.length} running
        </span>
      </header>
      <div className="muted">
        {names.length} services · reserves {formatBytes(profile.reservations.memoryBytes)}, up to{' '}
        {formatBytes(profile.limits.memoryBytes)}
      </div>
      <div className="actions">
        <button type="button" className="primary" disabled={busy !== undefined || all} onClick={onStart}>
          {busy === 'starting' ? 'Starting…' : 'Start'}
        </button>
        <button type="button" disabled={busy !== undefined || up === 0} onClick={onStop}>
          {busy === 'stopping' ? 'Stopping…' : 'Stop'}
        </button>
      </div>
      {busy && (
        <ul className="progress-list" aria-label="Progress">
          {names.map((n) => (
            <li key={n} data-testid={`progress-${n}`}>
              <span className="mono">{n}</span> <span>{describeProgress(progress[n])}</span>
              {(progress[n]?.phase === 'pulling' ||
                (progress[n]?.phase === 'building' && progress[n]?.percent !== undefined)) && (
                <progress max={100} value={progress[n]?.percent ?? 0} />
              )}
            </li>
          ))}
        </ul>
      )}
      {error && <ErrorNote error={error} />}
    </section>
  );
}
