import { useProjects } from '../../api/use-projects';
import { ErrorNote } from '../../components/ErrorNote';
import { useEventsFilter } from '../../stores/events-filter-store';
import { GuardPanel } from './GuardPanel';
import { RaiseLimitButton } from './RaiseLimitButton';
import { matches, useEvents } from './use-events';

export function EventsPage() {
  const { data = [], error } = useEvents();
  const filter = useEventsFilter();
  const projects = useProjects();
  const services = [
    ...new Set(
      data
        .filter((e) => !filter.project || e.project === filter.project)
        .map((e) => e.service)
        .filter(Boolean),
    ),
  ].sort();
  const projectNames = [
    ...new Set([...(projects.data ?? []).map((p) => p.name), ...data.map((e) => e.project).filter(Boolean)]),
  ];
  const shown = data.filter((e) => matches(e, filter));
  return (
    <div className="page events">
      <h1>Events</h1>
      <GuardPanel />
      <section className="card" aria-label="Event list">
        <div className="filters">
          <input
            type="search"
            placeholder="Search events"
            aria-label="Search events"
            value={filter.text}
            onChange={(e) => filter.set({ text: e.target.value })}
          />
          <select
            aria-label="Severity"
            value={filter.severity}
            onChange={(e) => filter.set({ severity: e.target.value as typeof filter.severity })}
          >
            <option value="">All severities</option>
            <option value="info">Info</option>
            <option value="warning">Warning</option>
            <option value="critical">Critical</option>
          </select>
          {projectNames.length > 1 && (
            <select
              aria-label="Project"
              value={filter.project}
              onChange={(e) => filter.set({ project: e.target.value, service: '' })}
            >
              <option value="">All projects</option>
              {projectNames.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          )}
          <select aria-label="Service" value={filter.service} onChange={(e) => filter.set({ service: e.target.value })}>
            <option value="">All services</option>
            {services.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        {error && <ErrorNote error={error} />}
        {shown.length === 0 ? (
          <p className="muted">
            No events
            {data.length
              ? ' match the filter'
              : ' yet: restarts, crash loops, OOM kills and guard decisions appear here'}
            .
          </p>
        ) : (
          <table className="table" aria-label="Events">
            <thead>
              <tr>
                <th>Time</th>
                <th>Kind</th>
                <th>Project</th>
                <th>Service</th>
                <th>What happened</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((e) => (
                <tr key={e.id} className={`sev-${e.severity}`} data-testid="event-row">
                  <td className="mono">{new Date(e.time).toLocaleString()}</td>
                  <td>
                    <span
                      className={`pill ${e.severity === 'critical' ? 'bad' : e.severity === 'warning' ? 'warn' : ''}`}
                    >
                      {e.kind}
                    </span>
                  </td>
                  <td className="mono">{e.project || '–'}</td>
                  <td className="mono">{e.service || '–'}</td>
                  <td>
                    {e.message}
                    {e.kind === 'oom-kill' && <RaiseLimitButton event={e} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
