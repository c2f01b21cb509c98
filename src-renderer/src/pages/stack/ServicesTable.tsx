import type { ServiceStatus } from '../../../../src-shared/api';
import { isLoopbackHttpUrl } from '../../../../src-shared/api/loopback';

interface Props {
  /** The managed project shown (undefined: the SutazAI stack), for the links to its logs. */
  project: string | undefined;
  services: ServiceStatus[];
  pending: string | undefined;
  onAction: (service: string, action: 'start' | 'stop' | 'restart') => void;
}

export function ServicesTable({ project, services, pending, onAction }: Props) {
  if (services.length === 0)
    return <p className="muted">No service of this stack has a container yet. Start a profile above.</p>;
  return (
    <table className="table" aria-label="Services">
      <thead>
        <tr>
          <th>Service</th>
          <th>State</th>
          <th>Health</th>
          <th>Ports</th>
          <th>Tier</th>
          <th>UI</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {services.map((s) => {
          const ui = isLoopbackHttpUrl(s.ui) ? s.ui : undefined;
          const running = s.state === 'running';
          return (
            <tr key={s.containerId} data-testid={`service-${s.service}`}>
              <td className="mono">{s.service}</td>
              <td>
                <span className={`pill ${running ? 'ok' : 'bad'}`}>{s.state}</span>
              </td>
              <td>
                {s.health === 'none' ? (
                  '–'
                ) : (
                  <span className={`pill ${s.health === 'healthy' ? 'ok' : s.health === 'unhealthy' ? 'bad' : 'warn'}`}>
                    {s.health}
                  </span>
                )}
              </td>
              <td className="mono">{s.ports.map((p) => `${p.hostPort}→${p.containerPort}`).join(', ') || '–'}</td>
              <td>{s.tier}</td>
              <td>
                {ui ? (
                  <a href={ui} target="_blank" rel="noreferrer">
                    Open
                  </a>
                ) : (
                  '–'
                )}
              </td>
              <td className="row-actions">
                <button
                  type="button"
                  disabled={pending === s.service || running}
                  onClick={() => onAction(s.service, 'start')}
                >
                  Start
                </button>
                <button
                  type="button"
                  disabled={pending === s.service || !running}
                  onClick={() => onAction(s.service, 'stop')}
                >
                  Stop
                </button>
                <button type="button" disabled={pending === s.service} onClick={() => onAction(s.service, 'restart')}>
                  Restart
                </button>
                <a
                  className="button-link"
                  href={`#/logs?${project ? `project=${encodeURIComponent(project)}&` : ''}service=${encodeURIComponent(s.service)}`}
                  aria-label={`Logs of ${s.service}`}
                >
                  Logs
                </a>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
