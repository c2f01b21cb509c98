import { useApiQuery } from '../../api/hooks';

/** Which MCP servers' tools the model may use in this conversation. */
export function ToolServerPicker({
  chosen,
  onChange,
  disabled,
}: {
  chosen: string[];
  onChange: (servers: string[]) => void;
  disabled?: boolean;
}) {
  const servers = useApiQuery('mcp:servers', {}, { staleTime: 5_000 });
  const list = servers.data ?? [];
  return (
    <fieldset className="tool-picker" aria-label="Tools">
      <legend>Tools for this conversation</legend>
      {list.length === 0 && (
        <span className="muted">
          No MCP server yet: add one on the <a href="#/mcp">MCP page</a>.
        </span>
      )}
      {list.map((s) => (
        <label key={s.id}>
          <input
            type="checkbox"
            disabled={disabled}
            checked={chosen.includes(s.id)}
            onChange={(e) => onChange(e.target.checked ? [...chosen, s.id] : chosen.filter((id) => id !== s.id))}
          />
          {s.name} <span className="muted">({s.state === 'running' ? `${s.tools.length} tools` : s.state})</span>
        </label>
      ))}
    </fieldset>
  );
}
