import { useMutation } from '@tanstack/react-query';
import { useApi, useApiQuery, useStreamIntoQuery } from '../../api/hooks';
import { ErrorNote } from '../../components/ErrorNote';
import { formatBytes } from '../../components/format';

/** The memory guard at a glance: usage against the budget, what it stopped, and Retry for parked services. */
export function GuardPanel() {
  const api = useApi();
  const guard = useApiQuery('guard:status', {}, { staleTime: Infinity });
  useStreamIntoQuery('guard:watch', {}, 'guard:status', {}, (_c, s) => s);
  const supervision = useApiQuery('supervisor:status', {}, { refetchInterval: 3000 });
  const startAgain = useMutation({
    mutationFn: (s: { project: string; service: string }) => api.call('guard:startAgain', s),
  });
  const retry = useMutation({
    mutationFn: (s: { project: string; service: string }) => api.call('supervisor:retry', s),
  });
  const s = guard.data;
  const parked = supervision.data?.services.filter((x) => x.parked) ?? [];
  return (
    <section className="card guard" aria-label="Memory guard" data-testid="guard-panel">
      <h2>Memory guard</h2>
      {s ? (
        <>
          <div className={`big level-${s.level}`} data-testid="guard-usage">
            {Math.round(s.usage * 100)} %
          </div>
          <div className="muted">
            {formatBytes(s.usedBytes)} of{' '}
            {s.budgetSource === 'setting'
              ? `the ${formatBytes(s.budgetBytes)} budget`
              : `${formatBytes(s.budgetBytes)} host memory`}
            {s.dryRun ? ' · dry run: decisions are logged, nothing is stopped' : ''}
          </div>
        </>
      ) : (
        <div className="muted">Waiting for the first reading…</div>
      )}
      {s?.stoppedByGuard.map((stopped) => (
        <div key={`${stopped.project}/${stopped.service}`} className="guard-stopped">
          The guard stopped <strong>{stopped.service}</strong> <span className="muted">({stopped.project})</span>.{' '}
          <button type="button" onClick={() => startAgain.mutate(stopped)} disabled={startAgain.isPending}>
            Start again
          </button>
        </div>
      ))}
      {parked.map((p) => (
        <div key={`${p.project}/${p.service}`} className="guard-stopped">
          <strong>{p.service}</strong> <span className="muted">({p.project})</span> keeps crashing; restarts are paused.{' '}
          <button
            type="button"
            onClick={() => retry.mutate({ project: p.project, service: p.service })}
            disabled={retry.isPending}
          >
            Retry
          </button>
        </div>
      ))}
      {supervision.data && !supervision.data.engineConnected && (
        <div className="error">The Docker engine is not answering; supervision resumes by itself when it is back.</div>
      )}
      {startAgain.error && <ErrorNote error={startAgain.error} />}
      {retry.error && <ErrorNote error={retry.error} />}
    </section>
  );
}
