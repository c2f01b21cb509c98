import type { McpTransport } from '../../src-shared/api';
import type { Db } from '../store';

/** A server as the user set it up (its secrets' values live in the secret store). */
export interface McpServerRecord {
  id: string;
  name: string;
  catalogId?: string;
  transport: McpTransport;
  package?: { name: string; version: string };
  enabled: boolean;
  folders: string[];
  allowReadOnly: boolean;
  /** Names of the secret variables kept for it. */
  secrets: string[];
  createdAt: number;
}

interface Row {
  id: string;
  name: string;
  catalog_id: string | null;
  transport: string;
  package: string | null;
  enabled: number;
  folders: string;
  allow_read_only: number;
  secrets: string;
  created_at: number;
}

/** The MCP servers the user added, in SQLite (migration 9). */
export class McpServerRepository {
  constructor(private readonly db: Db) {}

  list(): McpServerRecord[] {
    return (this.db.prepare('SELECT * FROM mcp_servers ORDER BY created_at, rowid').all() as Row[]).map(toRecord);
  }

  get(id: string): McpServerRecord | undefined {
    const row = this.db.prepare('SELECT * FROM mcp_servers WHERE id = ?').get(id) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  byName(name: string): McpServerRecord | undefined {
    const row = this.db.prepare('SELECT * FROM mcp_servers WHERE name = ? COLLATE NOCASE').get(name) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  /** Inserts or replaces the whole record. */
  save(r: McpServerRecord): void {
    this.db
      .prepare(
        `INSERT INTO mcp_servers (id, name, catalog_id, transport, package, enabled, folders, allow_read_only, secrets, created_at)
         VALUES (@id, @name, @catalogId, @transport, @package, @enabled, @folders, @allowReadOnly, @secrets, @createdAt)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, transport = excluded.transport, package = excluded.package,
           enabled = excluded.enabled, folders = excluded.folders, allow_read_only = excluded.allow_read_only,
           secrets = excluded.secrets`,
      )
      .run({
        id: r.id,
        name: r.name,
        catalogId: r.catalogId ?? null,
        transport: JSON.stringify(r.transport),
        package: r.package ? JSON.stringify(r.package) : null,
        enabled: r.enabled ? 1 : 0,
        folders: JSON.stringify(r.folders),
        allowReadOnly: r.allowReadOnly ? 1 : 0,
        secrets: JSON.stringify(r.secrets),
        createdAt: r.createdAt,
      });
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM mcp_servers WHERE id = ?').run(id).changes > 0;
  }
}

function toRecord(r: Row): McpServerRecord {
  return {
    id: r.id,
    name: r.name,
    ...(r.catalog_id ? { catalogId: r.catalog_id } : {}),
    transport: JSON.parse(r.transport) as McpTransport,
    ...(r.package ? { package: JSON.parse(r.package) as { name: string; version: string } } : {}),
    enabled: r.enabled === 1,
    folders: JSON.parse(r.folders) as string[],
    allowReadOnly: r.allow_read_only === 1,
    secrets: JSON.parse(r.secrets) as string[],
    createdAt: r.created_at,
  };
}
