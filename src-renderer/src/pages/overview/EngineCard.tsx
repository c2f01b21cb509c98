import type { EngineStatus } from '../../../../src-shared/api';
import { useEngineStatus } from './use-engine-status';

export function EngineCard() {
  const { data: status, error, isPending } = useEngineStatus();
  return (
    <section className="card engine" aria-label="Docker engine" data-testid="engine-card">
      <h2>Docker engine</h2>
      {isPending && <div className="muted">Looking for the engine…</div>}
      {error && <div className="error">Could not ask the core about the engine: {error.message}</div>}
      {status && (status.connected ? <Connected status={status} /> : <Disconnected status={status} />)}
    </section>
  );
}

function Connected({ status }: { status: EngineStatus }) {
  return (
    <div data-testid="engine-connected">
      <div className="status ok">Connected</div>
      <dl className="facts">
        <dt>Version</dt>
        <dd data-testid="engine-version">{status.version}</dd>
        <dt>API</dt>
        <dd>{status.apiVersion}</dd>
        <dt>Containers</dt>
        <dd data-testid="engine-containers">
          {status.containers?.running ?? 0} running / {status.containers?.total ?? 0} total
        </dd>
        <dt>Endpoint</dt>
        <dd className="mono">{status.endpoint}</dd>
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

function Disconnected({ status }: { status: EngineStatus }) {
  return (
    <div data-testid="engine-disconnected">
      <div className="status bad">No Docker engine</div>
      <p>{status.error}</p>
      <p className="muted">
        Tried: <span className="mono">{status.tried.join(', ')}</span>
      </p>
      <p className="fix">
        <strong>How to fix:</strong> {status.hint}
      </p>
      <p className="muted">The rest of the app keeps working; this card updates by itself once an engine answers.</p>
    </div>
  );
}
