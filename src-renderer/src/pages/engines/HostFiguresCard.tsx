import { useApiQuery } from '../../api/hooks';
import { ErrorNote } from '../../components/ErrorNote';
import { formatBytes, formatPercent } from '../../components/format';

/** The current engine's machine: memory, pressure and CPU, and whether a probe container read them. */
export function HostFiguresCard() {
  const { data, error } = useApiQuery('engines:hostFigures', {}, { refetchInterval: 5000, retry: false });
  return (
    <section className="card" data-testid="host-figures" aria-label="Host figures">
      <h2>Machine of the current engine</h2>
      {error && <ErrorNote error={error} />}
      {data && (
        <>
          <p className="muted" data-testid="host-figures-source">
            {data.source === 'probe'
              ? `Figures of ${data.engine} from a probe container on that engine (it reads the host’s /proc).`
              : 'Figures read on this machine.'}
          </p>
          <dl className="figures">
            <dt>Memory available</dt>
            <dd>
              {formatBytes(data.availableBytes)} of {formatBytes(data.totalBytes)}
            </dd>
            {data.pressureSome10 !== undefined && (
              <>
                <dt>Memory pressure (10 s)</dt>
                <dd>{formatPercent(data.pressureSome10)}</dd>
              </>
            )}
            {data.cpuPercent !== undefined && (
              <>
                <dt>CPU</dt>
                <dd>{formatPercent(data.cpuPercent)}</dd>
              </>
            )}
          </dl>
        </>
      )}
    </section>
  );
}
