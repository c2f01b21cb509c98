import { ErrorNote } from '../../components/ErrorNote';
import { AddServerForm } from './AddServerForm';
import { ServerCard } from './ServerCard';
import { useMcpCatalog, useMcpServers } from './use-mcp';
import './mcp.css';

/** The MCP servers the chat's models may use: add, enable, disable, remove, their tools and logs. */
export function McpPage() {
  const servers = useMcpServers();
  const catalog = useMcpCatalog();
  return (
    <div className="page mcp">
      <h1>MCP servers</h1>
      <p className="muted">
        Tools for the chat&apos;s models. A conversation picks which servers it may use, and every call waits for your
        approval unless you allowed it.
      </p>
      {servers.error && <ErrorNote error={servers.error} />}
      <div className="mcp-grid">
        {servers.data?.map((s) => (
          <ServerCard key={s.id} server={s} />
        ))}
        {catalog.data && <AddServerForm catalog={catalog.data} />}
      </div>
    </div>
  );
}
