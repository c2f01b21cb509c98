import { useApiQuery } from '../../api/hooks';
import { ErrorNote } from '../../components/ErrorNote';
import { projectInput } from '../../stores/project-store';

/** A swarm service's last lines from every node its tasks ran on, each prefixed with its node (`sutazai swarm logs`). */
export function SwarmServiceLogs({ project, service }: { project: string | undefined; service: string }) {
  const logs = useApiQuery('swarm:logs', { ...projectInput(project), service, tail: 200 }, { refetchInterval: 3000 });
  if (logs.error) return <ErrorNote error={logs.error} />;
  const lines = logs.data?.lines ?? [];
  return (
    <pre className="log-lines" role="log" aria-label={`Swarm logs of ${service}`}>
      {lines.length ? lines.join('\n') : logs.isLoading ? 'Reading…' : 'No lines yet.'}
    </pre>
  );
}
