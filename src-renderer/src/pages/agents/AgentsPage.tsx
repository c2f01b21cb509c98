import { useApiQuery } from '../../api/hooks';
import { ErrorNote } from '../../components/ErrorNote';
import { AgentCard } from './AgentCard';

export function AgentsPage() {
  const { data, error } = useApiQuery('agents:list', {}, { refetchInterval: 5000 });
  return (
    <div className="page agents">
      <h1>Agents</h1>
      {error && <ErrorNote error={error} />}
      {data && data.length === 0 && (
        <p className="muted">
          No agent platform of this stack has a container. Start the <strong>agents</strong> profile on the Stack page.
        </p>
      )}
      <div className="agent-grid">
        {data?.map((a) => (
          <AgentCard key={a.service} agent={a} />
        ))}
      </div>
    </div>
  );
}
