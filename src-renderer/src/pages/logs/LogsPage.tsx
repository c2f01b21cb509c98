import { useEffect, useRef } from 'react';
import { useChosenProject } from '../../api/use-projects';
import { ErrorNote } from '../../components/ErrorNote';
import { ProjectPicker } from '../../components/ProjectPicker';
import { useProjectChoice } from '../../stores/project-store';
import { useLogsView, type SinceChoice } from '../../stores/logs-view-store';
import { LogSearch } from './LogSearch';
import { ServicePicker } from './ServicePicker';
import { waitingText } from './follow-status';
import { useLogDownload, useLogFollow, useLogServices } from './use-log-follow';
import { SCROLLBACK_LINES, useLogTerminal } from './use-log-terminal';
import './logs.css';

const SINCE: { value: SinceChoice; label: string }[] = [
  { value: 300, label: 'Last 5 min' },
  { value: 3600, label: 'Last hour' },
  { value: 86_400, label: 'Last 24 h' },
  { value: 0, label: 'All' },
];

/** `#/logs?project=p&service=a&service=b` selects that project's services (the Stack page links here). */
function choiceFromHash(): { project: string | undefined; services: string[] } | undefined {
  const query = window.location.hash.split('?')[1];
  if (!query) return undefined;
  const params = new URLSearchParams(query);
  const services = params.getAll('service').filter(Boolean);
  return services.length ? { project: params.get('project') || undefined, services } : undefined;
}

export function LogsPage() {
  const view = useLogsView();
  const { name: project } = useChosenProject();
  const box = useRef<HTMLDivElement>(null);
  const terminal = useLogTerminal(box);
  const services = useLogServices(project);
  const follow = useLogFollow(terminal, { ...view, project });
  const download = useLogDownload();

  // Services are a project's: another project starts with none chosen (unless a link chose them).
  const shown = useRef(project);
  useEffect(() => {
    if (shown.current !== project) useLogsView.getState().set({ services: [] });
    shown.current = project;
  }, [project]);

  useEffect(() => {
    const apply = (): void => {
      const picked = choiceFromHash();
      if (!picked) return;
      shown.current = picked.project;
      useProjectChoice.getState().setProject(picked.project);
      useLogsView.getState().set({ services: picked.services });
    };
    apply();
    window.addEventListener('hashchange', apply);
    return () => window.removeEventListener('hashchange', apply);
  }, []);

  const known = services.data ?? [];
  // A service picked by link but without a container still shows, so it can be unpicked.
  const list = [
    ...known,
    ...view.services.filter((n) => !known.some((s) => s.name === n)).map((name) => ({ name, running: false })),
  ];
  const waiting = waitingText(follow.sources);
  let overlay: string | undefined;
  if (services.error) overlay = undefined;
  else if (known.length === 0 && services.isSuccess && view.services.length === 0)
    overlay =
      'No service of this stack has a container yet, so there is no log to show. Start a profile on the Stack page.';
  else if (view.services.length === 0) overlay = 'Choose one or more services above to see their logs.';
  else if (follow.state === 'waiting')
    overlay = waiting
      ? `${waiting[0]!.toUpperCase()}${waiting.slice(1)}.`
      : `Waiting for output from ${view.services.join(', ')}…`;

  return (
    <div className="page logs">
      <header className="card-header">
        <h1>Logs</h1>
        <ProjectPicker />
      </header>
      {services.error && <ErrorNote error={services.error} />}
      {list.length > 0 && <ServicePicker services={list} selected={view.services} onToggle={view.toggleService} />}
      <div className="logs-toolbar" role="toolbar" aria-label="Log controls">
        <button type="button" aria-pressed={!view.follow} onClick={() => view.set({ follow: !view.follow })}>
          {view.follow ? 'Pause' : 'Resume'}
        </button>
        <label>
          Since
          <select value={view.since} onChange={(e) => view.set({ since: Number(e.target.value) as SinceChoice })}>
            {SINCE.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Tail (lines)
          <input
            type="number"
            min={0}
            max={SCROLLBACK_LINES}
            step={100}
            value={view.tail}
            onChange={(e) =>
              view.set({ tail: Math.max(0, Math.min(SCROLLBACK_LINES, Math.floor(Number(e.target.value) || 0))) })
            }
          />
        </label>
        <label>
          <input
            type="checkbox"
            checked={view.timestamps}
            onChange={(e) => view.set({ timestamps: e.target.checked })}
          />
          Timestamps
        </label>
        <LogSearch search={terminal?.search} />
        <span className="log-actions">
          <button type="button" onClick={() => terminal?.term.clear()}>
            Clear
          </button>
          <button
            type="button"
            disabled={view.services.length === 0 || download.isPending}
            onClick={() =>
              download.mutate({ project, services: view.services, since: view.since, timestamps: view.timestamps })
            }
          >
            {download.isPending ? 'Preparing…' : 'Download'}
          </button>
        </span>
      </div>
      {follow.error && !services.error && <ErrorNote error={follow.error} />}
      {download.error && <ErrorNote error={download.error} />}
      <div className="log-body">
        <div className="log-terminal" ref={box} role="log" aria-label="Log output" data-renderer={terminal?.renderer} />
        {overlay && (
          <div className="log-overlay muted" data-testid="log-overlay">
            {overlay}
          </div>
        )}
      </div>
      <div className="log-status" aria-live="off" data-testid="log-status">
        <span>
          {view.follow
            ? follow.state === 'idle'
              ? 'Not following'
              : 'Following'
            : 'Paused: new output waits at the source'}
        </span>
        {waiting && <span data-testid="log-waiting">{waiting}</span>}
        <span>{`Last ${SCROLLBACK_LINES.toLocaleString()} lines kept`}</span>
        {terminal && <span>{terminal.renderer === 'webgl' ? 'WebGL renderer' : 'DOM renderer'}</span>}
      </div>
    </div>
  );
}
