import { useApiQuery } from '../../api/hooks';
import { useEngineStatus } from '../overview/use-engine-status';
import { engineGuidance } from './engine-guidance';

/** Step 1: the engine the app found (which, where), or how to get one on this system. */
export function EngineStep() {
  const { data: status, refetch, isFetching } = useEngineStatus();
  const info = useApiQuery('system:info', {}, { staleTime: Infinity });
  if (!status) return <p className="muted">Looking for the engine…</p>;
  if (status.connected) {
    return (
      <div data-testid="engine-found">
        <p className="status ok">Found Docker {status.version}</p>
        <dl className="facts">
          <dt>Where</dt>
          <dd className="mono">{status.endpoint}</dd>
          <dt>Found by</dt>
          <dd>
            {status.source === 'default-socket'
              ? 'its usual socket'
              : status.source === 'settings'
                ? 'your setting'
                : status.source}
          </dd>
          {status.os && (
            <>
              <dt>System</dt>
              <dd>{status.os}</dd>
            </>
          )}
        </dl>
      </div>
    );
  }
  return (
    <div data-testid="engine-missing">
      <p className="status bad">No Docker engine found</p>
      <p>{status.error}</p>
      <p className="muted">
        Tried: <span className="mono">{status.tried.join(', ')}</span>
      </p>
      <h3>Get an engine</h3>
      <ul className="guidance">
        {engineGuidance(info.data?.platform ?? 'linux').map((o) => (
          <li key={o.name}>
            <strong>{o.name}</strong>
            <ol>
              {o.steps.map((s) => (
                <li key={s} className="mono">
                  {s}
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => void refetch()} disabled={isFetching}>
        {isFetching ? 'Checking…' : 'Check again'}
      </button>
    </div>
  );
}
