import { useMutation } from '@tanstack/react-query';
import type { EngineSummary } from '../../../../src-shared/api';
import { useApi } from '../../api/hooks';
import { ErrorNote } from '../../components/ErrorNote';
import { formatBytes } from '../../components/format';

export function EngineRow({ engine: e, onChanged }: { engine: EngineSummary; onChanged: () => void }) {
  const api = useApi();
  const use = useMutation({ mutationFn: () => api.call('engines:use', { name: e.name }), onSuccess: onChanged });
  const remove = useMutation({ mutationFn: () => api.call('engines:remove', { name: e.name }), onSuccess: onChanged });
  const failure = use.error ?? remove.error;
  return (
    <tr data-testid={`engine-${e.name}`} className={e.current ? 'current' : undefined}>
      <td>
        <strong>{e.name}</strong>
        {e.current && <span className="pill ok"> current</span>}
        <div className="muted">{e.origin === 'context' ? 'docker context' : e.origin}</div>
      </td>
      <td>
        <code>{e.url}</code>
      </td>
      <td>
        {e.connected ? (
          <span className="pill ok">Docker {e.version}</span>
        ) : (
          <>
            <span className="pill bad">unreachable</span>
            <div className="muted">{e.error}</div>
            {e.hint && <div className="hint">{e.hint}</div>}
          </>
        )}
        {failure && <ErrorNote error={failure} />}
      </td>
      <td>
        {e.connected
          ? [e.os, e.cpus ? `${e.cpus} CPUs` : '', formatBytes(e.memoryBytes)].filter(Boolean).join(' · ')
          : '–'}
      </td>
      <td>{e.swarm === 'none' ? 'no' : e.swarm}</td>
      <td>
        {!e.current && (
          <button type="button" disabled={use.isPending} onClick={() => use.mutate()}>
            Use
          </button>
        )}
        {e.origin !== 'discovered' && (
          <button
            type="button"
            disabled={remove.isPending}
            onClick={() => {
              if (window.confirm(`Forget the engine ${e.name}? Nothing running on it is touched.`)) remove.mutate();
            }}
          >
            Remove
          </button>
        )}
      </td>
    </tr>
  );
}
