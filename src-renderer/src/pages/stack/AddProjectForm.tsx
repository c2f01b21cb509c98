import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { ProjectAdded, Tier } from '../../../../src-shared/api';
import { queryKeyFor, useApi } from '../../api/hooks';
import { ErrorNote } from '../../components/ErrorNote';
import { FolderBrowser } from './FolderBrowser';

interface Props {
  onAdded: (added: ProjectAdded) => void;
  onCancel: () => void;
}

/**
 * "Add a project": the folder of a compose project, typed or picked from the folders the core lists
 * (the core checks the path, reads the folder as docker compose does, and says what is wrong with
 * file and line).
 */
export function AddProjectForm({ onAdded, onCancel }: Props) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [dir, setDir] = useState('');
  const [name, setName] = useState('');
  const [tier, setTier] = useState<Tier>('core');
  const [browsing, setBrowsing] = useState(false);
  const add = useMutation({
    mutationFn: () =>
      api.call('projects:add', { dir: dir.trim(), ...(name.trim() ? { name: name.trim() } : {}), defaultTier: tier }),
    onSuccess: (added) => {
      void queryClient.invalidateQueries({ queryKey: queryKeyFor('projects:list', {}) });
      onAdded(added);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (dir.trim()) add.mutate();
  };
  return (
    <form className="card add-project" aria-label="Add a project" onSubmit={submit}>
      <h2>Add a project</h2>
      <p className="muted">
        A folder with a compose file (compose.yaml, docker-compose.yml, …), such as Dify&apos;s{' '}
        <span className="mono">docker/</span> folder with its <span className="mono">.env</span>. It is run as a stack
        next to the SutazAI one; a project docker compose already runs from that folder is taken over as it is.
      </p>
      <label>
        Folder
        <input
          type="text"
          className="mono"
          value={dir}
          onChange={(e) => setDir(e.target.value)}
          placeholder="/home/you/dify/docker or ~/dify/docker"
          spellCheck={false}
          autoFocus
          required
        />
      </label>
      {browsing ? (
        <FolderBrowser
          {...(dir.trim().startsWith('/') ? { start: dir.trim() } : {})}
          onPick={(picked) => {
            setDir(picked);
            setBrowsing(false);
          }}
          onClose={() => setBrowsing(false)}
        />
      ) : (
        <button type="button" className="browse" onClick={() => setBrowsing(true)}>
          Browse…
        </button>
      )}
      <label>
        Name <span className="muted">(optional: compose&apos;s own name for the folder otherwise)</span>
        <input
          type="text"
          className="mono"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="dify"
          spellCheck={false}
        />
      </label>
      <label>
        Tier of services whose compose file names none
        <select value={tier} onChange={(e) => setTier(e.target.value as Tier)}>
          <option value="critical">critical: never stopped by the memory guard</option>
          <option value="core">core: stopped only above 95 % of the budget</option>
          <option value="optional">optional: stopped first above 90 %</option>
        </select>
      </label>
      <div className="actions">
        <button type="submit" className="primary" disabled={add.isPending || !dir.trim()}>
          {add.isPending ? 'Adding…' : 'Add'}
        </button>
        <button type="button" onClick={onCancel} disabled={add.isPending}>
          Cancel
        </button>
      </div>
      {add.error && <ErrorNote error={add.error} />}
    </form>
  );
}
