/**
 * Numbered schema migrations, applied in order, each once, each in its own transaction.
 * Never edit a migration that has shipped: add the next number.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'settings',
    sql: `
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'events',
    sql: `
      CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        time INTEGER NOT NULL,
        kind TEXT NOT NULL,
        project TEXT NOT NULL,
        service TEXT NOT NULL,
        severity TEXT NOT NULL,
        message TEXT NOT NULL,
        data TEXT
      );
      CREATE INDEX events_by_time ON events (time);
      CREATE INDEX events_by_project_service ON events (project, service, time);
    `,
  },
  {
    version: 5,
    name: 'chat conversations',
    sql: `
      CREATE TABLE chat_conversations (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        system_prompt TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE chat_messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        conversation_id TEXT NOT NULL REFERENCES chat_conversations(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
        content TEXT NOT NULL,
        model TEXT,
        stats TEXT,
        stopped INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX chat_messages_by_conversation ON chat_messages (conversation_id, id);
    `,
  },
  {
    version: 6,
    name: 'metrics history',
    sql: `
      CREATE TABLE metrics_series (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE
      );
      CREATE TABLE metrics_points (
        tier INTEGER NOT NULL,
        series_id INTEGER NOT NULL REFERENCES metrics_series(id),
        t INTEGER NOT NULL,
        min REAL NOT NULL,
        avg REAL NOT NULL,
        max REAL NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (tier, t, series_id)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 7,
    name: 'stack acknowledgements',
    sql: `
      CREATE TABLE stack_acknowledgements (
        project TEXT NOT NULL,
        service TEXT NOT NULL,
        config_hash TEXT NOT NULL,
        settings TEXT NOT NULL,
        acknowledged_at INTEGER NOT NULL,
        PRIMARY KEY (project, service, config_hash)
      );
    `,
  },
  {
    version: 8,
    name: 'secrets',
    sql: `
      CREATE TABLE secrets (
        key TEXT PRIMARY KEY,
        scheme TEXT NOT NULL,
        value BLOB NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 9,
    name: 'mcp servers and chat tool calls',
    sql: `
      CREATE TABLE mcp_servers (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        catalog_id TEXT,
        transport TEXT NOT NULL,
        package TEXT,
        enabled INTEGER NOT NULL DEFAULT 1,
        folders TEXT NOT NULL DEFAULT '[]',
        allow_read_only INTEGER NOT NULL DEFAULT 1,
        secrets TEXT NOT NULL DEFAULT '[]',
        created_at INTEGER NOT NULL
      );
      ALTER TABLE chat_conversations ADD COLUMN tool_servers TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE chat_conversations ADD COLUMN allowed_tools TEXT NOT NULL DEFAULT '[]';
      CREATE TABLE chat_tool_calls (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        conversation_id TEXT NOT NULL REFERENCES chat_conversations(id) ON DELETE CASCADE,
        after_message_id INTEGER NOT NULL,
        server_id TEXT NOT NULL,
        server TEXT NOT NULL,
        tool TEXT NOT NULL,
        arguments TEXT NOT NULL,
        status TEXT NOT NULL,
        decision TEXT,
        result TEXT,
        truncated_chars INTEGER,
        started_at INTEGER NOT NULL,
        duration_ms INTEGER
      );
      CREATE INDEX chat_tool_calls_by_conversation ON chat_tool_calls (conversation_id, seq);
    `,
  },
  {
    version: 10,
    name: 'managed projects',
    sql: `
      CREATE TABLE projects (
        name TEXT PRIMARY KEY,
        dir TEXT NOT NULL,
        files TEXT NOT NULL,
        default_tier TEXT NOT NULL CHECK (default_tier IN ('critical', 'core', 'optional')),
        added_at INTEGER NOT NULL
      );
    `,
  },
];
