import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SwarmNodeStatus } from '../../../../src-shared/api/features/swarm';
import { useApi, useApiQuery } from '../../api/hooks';
import { ErrorNote } from '../../components/ErrorNote';
import { formatBytes } from '../../components/format';
import { projectInput } from '../../stores/project-store';

const LEVEL_PILL: Record<NonNullable<SwarmNodeStatus['level']>, string> = {
  ok: 'ok',
  warn: 'warn',
  'shed-optional': 'bad',
  'shed-core': 'bad',
};

/**
 * The swarm's nodes as the stack's probe service reads them (memory in use against each node's
 * budget, CPU), the guard's level per node, and the services it scaled to zero with Start again.
 */
export function SwarmNodes({ project }: { project: string | undefined }) {
  const api = useApi();
  const client = useQueryClient();
  const nodes = useApiQuery('swarm:nodes', projectInput(project), { refetchInterval: 3000 });
  const refresh = () => void client.invalidateQueries({ queryKey: ['swarm:nodes'] });
  const setNode = useMutation({
    mutationFn: (v: { node: string; availability: 'active' | 'drain' }) =>
      api.call('swarm:node', { ...projectInput(project), ...v }),
    onSuccess: refresh,
  });
  const startAgain = useMutation({
    mutationFn: (service: string) => api.call('swarm:start-again', { ...projectInput(project), service }),
    onSuccess: refresh,
  });
  if (nodes.error) return <ErrorNote error={nodes.error} />;
  const r = nodes.data;
  if (!r?.manager || r.nodes.length === 0) return null;
  return (
    <section className="card" aria-label="Swarm nodes">
      <h2>Nodes</h2>
      <p className="muted">
        Memory and CPU come from the probe service {r.probe.service} ({r.probe.running} of {r.probe.nodes} nodes), which
        reads each machine&apos;s /proc. The guard scales an optional service to zero on a node whose memory in use
        reaches 90 % of its budget{r.dryRun ? ' (dry run: it only says what it would do)' : ''}; critical services are
        never touched.
      </p>
      {setNode.error && <ErrorNote error={setNode.error} />}
      {startAgain.error && <ErrorNote error={startAgain.error} />}
      <table className="table" aria-label="Swarm nodes and their memory">
        <thead>
          <tr>
            <th>Node</th>
            <th>Availability</th>
            <th>Tasks</th>
            <th>Memory in use (probe)</th>
            <th>CPU</th>
            <th>Guard</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {r.nodes.map((n) => (
            <tr key={n.id} data-testid={`swarm-node-${n.id}`}>
              <td>
                <strong className="mono">{n.hostname}</strong>
                <div className="muted">
                  {n.role}
                  {n.leader ? ' (leader)' : ''} · {n.address} · {n.state}
                </div>
              </td>
              <td>
                <span className={`pill ${n.availability === 'active' ? 'ok' : 'warn'}`}>{n.availability}</span>
              </td>
              <td>{n.tasks}</td>
              <td>
                {n.figures ? (
                  <>
                    {formatBytes(n.figures.totalBytes - n.figures.availableBytes)} of{' '}
                    {formatBytes(n.budgetBytes ?? n.figures.totalBytes)}
                    {n.budgetSource === 'label' ? ' budget' : ''}
                    {n.figures.pressureSome10 !== undefined && (
                      <div className="muted">pressure {n.figures.pressureSome10.toFixed(1)} %</div>
                    )}
                  </>
                ) : (
                  <span className="muted" title={n.stale}>
                    no fresh figures
                  </span>
                )}
              </td>
              <td>{n.figures ? `${n.figures.cpuPercent.toFixed(0)} %` : '–'}</td>
              <td>
                {n.level ? (
                  <span className={`pill ${LEVEL_PILL[n.level]}`}>
                    {n.level} {n.usage !== undefined ? `${Math.round(n.usage * 100)} %` : ''}
                  </span>
                ) : (
                  '–'
                )}
              </td>
              <td>
                {n.availability === 'active' ? (
                  <button
                    type="button"
                    disabled={setNode.isPending}
                    onClick={() => {
                      if (window.confirm(`Drain ${n.hostname}? Its tasks move to other nodes.`))
                        setNode.mutate({ node: n.id, availability: 'drain' });
                    }}
                  >
                    Drain
                  </button>
                ) : (
                  <button
                    type="button"
                    disabled={setNode.isPending}
                    onClick={() => setNode.mutate({ node: n.id, availability: 'active' })}
                  >
                    Activate
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {r.shed.length > 0 && (
        <ul aria-label="Scaled down by the guard">
          {r.shed.map((s) => (
            <li key={s.service}>
              <strong>{s.service}</strong> was scaled to 0 by the guard (node {s.node}, {s.replicas} replica
              {s.replicas === 1 ? '' : 's'} before).{' '}
              <button type="button" disabled={startAgain.isPending} onClick={() => startAgain.mutate(s.service)}>
                Start again
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
