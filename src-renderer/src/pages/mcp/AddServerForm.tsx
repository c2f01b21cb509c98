import { useState } from 'react';
import type { McpCatalogEntry } from '../../../../src-shared/api';
import { ErrorNote } from '../../components/ErrorNote';
import { useAddServer } from './use-mcp';

type Mode = 'catalog' | 'stdio' | 'http' | 'sse';

/** Adds a server from the catalogue (with its folders and secrets) or one of the user's own. */
export function AddServerForm({ catalog }: { catalog: McpCatalogEntry[] }) {
  const add = useAddServer();
  const [mode, setMode] = useState<Mode>('catalog');
  const [catalogId, setCatalogId] = useState(catalog[0]?.id ?? '');
  const [name, setName] = useState('');
  const [folder, setFolder] = useState('');
  const [command, setCommand] = useState('');
  const [args, setArgs] = useState('');
  const [url, setUrl] = useState('');
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const entry = catalog.find((e) => e.id === catalogId);

  const submit = (): void => {
    const folders = folder
      .split('\n')
      .map((f) => f.trim())
      .filter(Boolean);
    if (mode === 'catalog' && entry) {
      add.mutate(
        {
          name: name.trim() || entry.title,
          catalogId: entry.id,
          ...(folders.length ? { folders } : {}),
          ...(entry.secrets.length ? { secrets } : {}),
        },
        { onSuccess: () => (setName(''), setFolder(''), setSecrets({})) },
      );
    } else if (mode === 'stdio') {
      add.mutate({
        name: name.trim(),
        transport: { kind: 'stdio', command: command.trim(), args: args.split('\n').filter((a) => a !== '') },
      });
    } else if (mode === 'http' || mode === 'sse') {
      add.mutate({ name: name.trim(), transport: { kind: mode, url: url.trim() } });
    }
  };

  return (
    <section className="card mcp-add" aria-label="Add a server">
      <h2>Add a server</h2>
      <div className="segmented" role="group" aria-label="Kind">
        {(
          [
            ['catalog', 'From the catalogue'],
            ['stdio', 'Command (stdio)'],
            ['http', 'URL (streamable HTTP)'],
            ['sse', 'URL (SSE)'],
          ] as const
        ).map(([m, label]) => (
          <button key={m} type="button" aria-pressed={mode === m} onClick={() => setMode(m)}>
            {label}
          </button>
        ))}
      </div>
      <form
        className="agent-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        {mode === 'catalog' && (
          <label>
            Server
            <select aria-label="Catalogue entry" value={catalogId} onChange={(e) => setCatalogId(e.target.value)}>
              {catalog.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title} ({c.run.kind === 'npm' ? `${c.run.package}@${c.run.version}` : `image ${c.run.image}`})
                </option>
              ))}
            </select>
          </label>
        )}
        {mode === 'catalog' && entry && (
          <p className="muted">
            {entry.description}
            {entry.note ? ` ${entry.note}` : ''}
          </p>
        )}
        <label>
          Name
          <input
            value={name}
            placeholder={mode === 'catalog' ? entry?.title : 'my-server'}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        {mode === 'catalog' && entry?.takesFolders && (
          <label>
            Folders it may use (one absolute path a line; none by default)
            <textarea aria-label="Folders" rows={2} value={folder} onChange={(e) => setFolder(e.target.value)} />
          </label>
        )}
        {mode === 'catalog' &&
          entry?.secrets.map((s) => (
            <label key={s.name}>
              {s.label} (kept as a secret, never shown again)
              <input
                type="password"
                autoComplete="off"
                value={secrets[s.name] ?? ''}
                onChange={(e) => setSecrets({ ...secrets, [s.name]: e.target.value })}
              />
            </label>
          ))}
        {mode === 'stdio' && (
          <>
            <label>
              Command
              <input value={command} placeholder="/usr/bin/node" onChange={(e) => setCommand(e.target.value)} />
            </label>
            <label>
              Arguments (one a line)
              <textarea aria-label="Arguments" rows={2} value={args} onChange={(e) => setArgs(e.target.value)} />
            </label>
          </>
        )}
        {(mode === 'http' || mode === 'sse') && (
          <label>
            URL
            <input value={url} placeholder="http://127.0.0.1:3001/mcp" onChange={(e) => setUrl(e.target.value)} />
          </label>
        )}
        <button type="submit" className="primary" disabled={add.isPending}>
          {add.isPending ? 'Adding…' : 'Add'}
        </button>
      </form>
      {add.error && <ErrorNote error={add.error} />}
    </section>
  );
}
