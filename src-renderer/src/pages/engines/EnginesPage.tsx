import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useApi, useApiQuery } from '../../api/hooks';
import { ErrorNote } from '../../components/ErrorNote';
import { AddEngineForm } from './AddEngineForm';
import { EngineRow } from './EngineRow';
import { HostFiguresCard } from './HostFiguresCard';

export function EnginesPage() {
  const api = useApi();
  const queryClient = useQueryClient();
  const { data, error, isFetching } = useApiQuery('engines:list', {}, { refetchInterval: 10_000 });
  const refresh = () =>
    void queryClient.invalidateQueries({ predicate: (q) => String(q.queryKey[0]).startsWith('engines:') });
  const importContexts = useMutation({ mutationFn: () => api.call('engines:importContexts', {}), onSuccess: refresh });
  return (
    <div className="page engines">
      <h1>Engines</h1>
      <p className="muted">
        The Docker engines the stack can run on: this machine’s, others over SSH or TCP with TLS, and your docker
        contexts. The stack, supervision, logs, events and the memory guard use the current one.
      </p>
      {error && <ErrorNote error={error} />}
      <table className="table engine-table">
        <thead>
          <tr>
            <th>Engine</th>
            <th>Address</th>
            <th>Status</th>
            <th>Machine</th>
            <th>Swarm</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {data?.map((e) => (
            <EngineRow key={e.name} engine={e} onChanged={refresh} />
          ))}
        </tbody>
      </table>
      {!data && isFetching && <p className="muted">Asking each engine…</p>}
      <div className="actions">
        <button type="button" disabled={importContexts.isPending} onClick={() => importContexts.mutate()}>
          Import docker contexts
        </button>
        {importContexts.data && (
          <span className="muted" role="status">
            {importContexts.data.imported.length
              ? `Imported ${importContexts.data.imported.join(', ')}`
              : 'No docker contexts to import'}
          </span>
        )}
      </div>
      {importContexts.error && <ErrorNote error={importContexts.error} />}
      <HostFiguresCard />
      <AddEngineForm onAdded={refresh} />
    </div>
  );
}
