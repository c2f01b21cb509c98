import { useState } from 'react';
import type { McpServerView } from '../../../../src-shared/api';
import { ErrorNote } from '../../components/ErrorNote';
import { formatBytes } from '../../components/format';
import { ServerLog } from './ServerLog';
import { statePill, useRemoveServer, useRestartServer, useUpdateServer } from './use-mcp';

function command(s: McpServerView): string {
  const t = s.transport;
  return t.kind === 'http' || t.kind === 'sse'
    ? `${t.kind} ${t.url}`
    : [t.kind === 'container' ? `image ${t.image}` : t.command, ...t.args].join(' ');
}

/** One server: state, what it runs and may touch, its tools, prompts and resources, and its log. */
export function ServerCard({ server }: { server: McpServerView }) {
  const update = useUpdateServer();
  const restart = useRestartServer();
  const remove = useRemoveServer();
  const [showLog, setShowLog] = useState(false);
  const [folders, setFolders] = useState(server.folders.join('\n'));
  const error = update.error ?? restart.error ?? remove.error;
  return (
    <section className="card mcp-server" aria-label={server.name} data-testid={`mcp-server-${server.id}`}>
      <header className="card-header">
        <h2>{server.name}</h2>
        <span className={`pill ${statePill(server.state)}`} data-testid="mcp-state">
          {server.state}
          {server.restarts ? ` · ${server.restarts} restarts` : ''}
        </span>
      </header>
      <div className="mono">{command(server)}</div>
      {server.serverVersion && (
        <div className="muted">
          {server.serverVersion}
          {server.pid ? ` · pid ${server.pid}` : ''}
          {server.memoryBytes ? ` · ${formatBytes(server.memoryBytes)}` : ''}
        </div>
      )}
      {server.error && <div className="hint">{server.error}</div>}
      {server.catalogId === 'filesystem' || server.catalogId === 'git' || server.folders.length > 0 ? (
        <form
          className="agent-form"
          onSubmit={(e) => {
            e.preventDefault();
            update.mutate({
              id: server.id,
              folders: folders
                .split('\n')
                .map((f) => f.trim())
                .filter(Boolean),
            });
          }}
        >
          <label>
            Folders it may use ({server.folders.length === 0 ? 'none' : server.folders.length})
            <textarea
              aria-label={`Folders of ${server.name}`}
              rows={2}
              value={folders}
              onChange={(e) => setFolders(e.target.value)}
            />
          </label>
          <button type="submit">Save folders</button>
        </form>
      ) : null}
      {server.secrets.length > 0 && (
        <div className="muted">
          Secrets: {server.secrets.join(', ')} (kept encrypted or in the 0600 database; never shown)
        </div>
      )}
      <label className="setting toggle">
        <input
          type="checkbox"
          checked={server.allowReadOnly}
          onChange={(e) => update.mutate({ id: server.id, allowReadOnly: e.target.checked })}
        />
        Run its read-only tools without asking
      </label>
      <div className="row-actions">
        <button type="button" onClick={() => update.mutate({ id: server.id, enabled: !server.enabled })}>
          {server.enabled ? 'Disable' : 'Enable'}
        </button>
        {server.enabled && (
          <button type="button" onClick={() => restart.mutate({ id: server.id })}>
            {server.state === 'crash-loop' || server.state === 'failed' ? 'Retry' : 'Restart'}
          </button>
        )}
        <button type="button" onClick={() => setShowLog((v) => !v)} aria-expanded={showLog}>
          Log
        </button>
        <button
          type="button"
          onClick={() => {
            if (window.confirm(`Remove the MCP server ${server.name}? Its secrets are deleted too.`))
              remove.mutate(server.id);
          }}
        >
          Remove
        </button>
      </div>
      {error && <ErrorNote error={error} />}
      {server.tools.length > 0 && (
        <details open>
          <summary>{server.tools.length} tools</summary>
          <ul className="mcp-tools" aria-label={`Tools of ${server.name}`}>
            {server.tools.map((t) => (
              <li key={t.name}>
                <code>{t.name}</code> {t.readOnly && <span className="pill">read-only</span>}{' '}
                <span className="muted">{t.description?.split('\n')[0]}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
      {server.prompts.length > 0 && (
        <details>
          <summary>{server.prompts.length} prompts</summary>
          <ul>
            {server.prompts.map((p) => (
              <li key={p.name}>
                <code>{p.name}</code> <span className="muted">{p.description}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
      {server.resources.length > 0 && (
        <details>
          <summary>{server.resources.length} resources</summary>
          <ul>
            {server.resources.map((r) => (
              <li key={r.uri}>
                <code>{r.uri}</code> <span className="muted">{r.name}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
      {showLog && <ServerLog id={server.id} />}
    </section>
  );
}
