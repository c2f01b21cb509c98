import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ProjectSummary, Tier } from '../../../../src-shared/api';
import { queryKeyFor, useApi } from '../../api/hooks';
import { ErrorNote } from '../../components/ErrorNote';

interface Props {
  project: ProjectSummary;
  onRemoved: () => void;
}

/** A compose folder's card: where it is read from, its default tier, and Remove (forget, or take down too). */
export function ProjectCard({ project, onRemoved }: Props) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const [down, setDown] = useState(false);
  const [volumes, setVolumes] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeyFor('projects:list', {}) });
  const configure = useMutation({
    mutationFn: (defaultTier: Tier) => api.call('projects:configure', { name: project.name, defaultTier }),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: () =>
      api.call('projects:remove', {
        name: project.name,
        ...(down ? { down: true } : {}),
        ...(down && volumes ? { volumes: true } : {}),
      }),
    onSuccess: () => {
      void refresh();
      onRemoved();
    },
  });
  return (
    <section className="card project-card" aria-label={`Project ${project.name}`}>
      <header className="card-header">
        <h2>{project.name}</h2>
        <label>
          Default tier{' '}
          <select
            aria-label="Default tier"
            value={project.defaultTier}
            disabled={configure.isPending}
            onChange={(e) => configure.mutate(e.target.value as Tier)}
          >
            <option value="critical">critical</option>
            <option value="core">core</option>
            <option value="optional">optional</option>
          </select>
        </label>
      </header>
      <div className="muted">
        <span className="mono">{project.dir}</span> · {project.files.map((f) => f.split('/').pop()).join(', ')} ·
        services whose compose file names no tier are {project.defaultTier}
      </div>
      {!confirming ? (
        <div className="actions">
          <button type="button" onClick={() => setConfirming(true)}>
            Remove…
          </button>
        </div>
      ) : (
        <div className="remove-project" role="group" aria-label="Remove the project">
          <p>
            Removing forgets <strong>{project.name}</strong>: the app stops managing it. Its containers and volumes stay
            as they are unless you choose otherwise.
          </p>
          <label>
            <input type="checkbox" checked={down} onChange={(e) => setDown(e.target.checked)} /> Also stop and remove
            its containers and networks
          </label>
          <label>
            <input type="checkbox" checked={volumes} disabled={!down} onChange={(e) => setVolumes(e.target.checked)} />{' '}
            and its volumes (their data is deleted)
          </label>
          <div className="actions">
            <button type="button" className="primary" disabled={remove.isPending} onClick={() => remove.mutate()}>
              {remove.isPending ? 'Removing…' : down ? 'Take down and remove' : 'Remove (keep containers)'}
            </button>
            <button type="button" disabled={remove.isPending} onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {configure.error && <ErrorNote error={configure.error} />}
      {remove.error && <ErrorNote error={remove.error} />}
    </section>
  );
}
