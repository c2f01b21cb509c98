import { ErrorNote } from '../../components/ErrorNote';
import { useServerLog } from './use-mcp';

/** The server's stderr and the app's notes about it (started, exited, restarting), newest last. */
export function ServerLog({ id }: { id: string }) {
  const log = useServerLog(id, true);
  if (log.error) return <ErrorNote error={log.error} />;
  const lines = log.data ?? [];
  return (
    <pre className="mcp-log" aria-label="Server log" data-testid="mcp-log">
      {lines.length === 0
        ? 'Nothing written yet.'
        : lines.map((l) => `${new Date(l.time).toLocaleTimeString()}  ${l.text}`).join('\n')}
    </pre>
  );
}
