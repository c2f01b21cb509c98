import { useState } from 'react';
import { useApiQuery } from '../../api/hooks';
import { ErrorNote } from '../../components/ErrorNote';
import { projectInput } from '../../stores/project-store';
import { SwarmServiceLogs } from './SwarmServiceLogs';

/**
 * The project's swarm stack, when the current engine is a swarm manager: each service with its
 * running replicas and placement, and each task with its node and state (`sutazai swarm ps`).
 */
export function SwarmTasks({ project }: { project: string | undefined }) {
  const status = useApiQuery('swarm:ps', projectInput(project), { refetchInterval: 5000 });
  const [shown, setShown] = useState<string | undefined>();
  if (status.error) return <ErrorNote error={status.error} />;
  const s = status.data;
  if (!s?.manager || s.services.length === 0) return null;
  return (
    <section className="card" aria-label="Swarm tasks">
      <h2>On the swarm: stack {s.stack}</h2>
      <table className="table" aria-label="Swarm services">
        <thead>
          <tr>
            <th>Service</th>
            <th>Running</th>
            <th>Image</th>
            <th>Placement</th>
            <th>Last update</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {s.services.map((svc) => (
            <tr key={svc.name} data-testid={`swarm-service-${svc.service}`}>
              <td className="mono">{svc.service}</td>
              <td>
                <span className={`pill ${svc.running >= svc.replicas ? 'ok' : 'bad'}`}>
                  {svc.running}/{svc.replicas}
                </span>
              </td>
              <td className="mono">{svc.image}</td>
              <td className="mono">{svc.constraints.join(', ') || 'any node'}</td>
              <td title={svc.update?.message}>{svc.update?.state ?? '–'}</td>
              <td>
                <button
                  type="button"
                  aria-pressed={shown === svc.service}
                  onClick={() => setShown(shown === svc.service ? undefined : svc.service)}
                >
                  Logs
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown && <SwarmServiceLogs project={project} service={shown} />}
      <table className="table" aria-label="Swarm tasks per node">
        <thead>
          <tr>
            <th>Task</th>
            <th>Node</th>
            <th>State</th>
            <th>Desired</th>
            <th>Error</th>
          </tr>
        </thead>
        <tbody>
          {s.tasks.map((t) => (
            <tr key={t.id}>
              <td className="mono">
                {t.service}
                {t.slot ? `.${t.slot}` : ''}
              </td>
              <td className="mono">{t.node}</td>
              <td>
                <span className={`pill ${t.state === 'running' ? 'ok' : t.error ? 'bad' : ''}`}>{t.state}</span>
              </td>
              <td>{t.desiredState}</td>
              <td>{t.error ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
