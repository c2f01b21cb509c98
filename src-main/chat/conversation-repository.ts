import { randomUUID } from 'node:crypto';
import type { ChatMessage, ChatProviderId, ChatStats, Conversation } from '../../src-shared/api';
import type { Db } from '../store';

interface ConversationRow {
  id: string;
  title: string;
  provider: ChatProviderId;
  model: string;
  system_prompt: string;
  created_at: number;
  updated_at: number;
  message_count: number;
  tool_servers: string;
  allowed_tools: string;
}

interface MessageRow {
  id: number;
  role: ChatMessage['role'];
  content: string;
  model: string | null;
  stats: string | null;
  stopped: number;
  created_at: number;
}

const SELECT_CONVERSATION = `SELECT c.*, (SELECT COUNT(*) FROM chat_messages m WHERE m.conversation_id = c.id) AS message_count
  FROM chat_conversations c`;

/** Conversations and their messages in SQLite (migration 5). */
export class ConversationRepository {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  create(input: {
    title: string;
    provider: ChatProviderId;
    model: string;
    systemPrompt: string;
    toolServers?: string[];
  }): Conversation {
    const id = randomUUID();
    const t = this.now();
    this.db
      .prepare(
        'INSERT INTO chat_conversations (id, title, provider, model, system_prompt, created_at, updated_at, tool_servers) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        id,
        input.title,
        input.provider,
        input.model,
        input.systemPrompt,
        t,
        t,
        JSON.stringify(input.toolServers ?? []),
      );
    return this.get(id)!;
  }

  /** Which MCP servers' tools the model may use here. */
  setToolServers(id: string, servers: string[]): Conversation | undefined {
    this.db.prepare('UPDATE chat_conversations SET tool_servers = ? WHERE id = ?').run(JSON.stringify(servers), id);
    return this.get(id);
  }

  /** Allows `serverId/tool` for the rest of the conversation. */
  allowTool(id: string, key: string): void {
    const c = this.get(id);
    if (!c || c.allowedTools.includes(key)) return;
    this.db
      .prepare('UPDATE chat_conversations SET allowed_tools = ? WHERE id = ?')
      .run(JSON.stringify([...c.allowedTools, key]), id);
  }

  /** Runs `fn` in one transaction: all its writes are stored, or none. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  get(id: string): Conversation | undefined {
    const row = this.db.prepare(`${SELECT_CONVERSATION} WHERE c.id = ?`).get(id) as ConversationRow | undefined;
    return row ? toConversation(row) : undefined;
  }

  /** Newest first; `query` matches titles and message text (case-insensitive). */
  list(query?: string): Conversation[] {
    const q = query?.trim();
    const rows = q
      ? (this.db
          .prepare(
            `${SELECT_CONVERSATION} WHERE c.title LIKE ? ESCAPE '\\'
              OR EXISTS (SELECT 1 FROM chat_messages m WHERE m.conversation_id = c.id AND m.content LIKE ? ESCAPE '\\')
             ORDER BY c.updated_at DESC, c.rowid DESC`,
          )
          .all(likePattern(q), likePattern(q)) as ConversationRow[])
      : (this.db.prepare(`${SELECT_CONVERSATION} ORDER BY c.updated_at DESC, c.rowid DESC`).all() as ConversationRow[]);
    return rows.map(toConversation);
  }

  update(
    id: string,
    fields: Partial<{ title: string; provider: ChatProviderId; model: string; systemPrompt: string }>,
  ): Conversation | undefined {
    const current = this.get(id);
    if (!current) return undefined;
    const next = { ...current, ...fields };
    this.db
      .prepare(
        'UPDATE chat_conversations SET title = ?, provider = ?, model = ?, system_prompt = ?, updated_at = ? WHERE id = ?',
      )
      .run(next.title, next.provider, next.model, next.systemPrompt, this.now(), id);
    return this.get(id);
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM chat_conversations WHERE id = ?').run(id).changes > 0;
  }

  messages(conversationId: string): ChatMessage[] {
    const rows = this.db
      .prepare(
        'SELECT id, role, content, model, stats, stopped, created_at FROM chat_messages WHERE conversation_id = ? ORDER BY id',
      )
      .all(conversationId) as MessageRow[];
    return rows.map(toMessage);
  }

  addMessage(
    conversationId: string,
    m: { role: ChatMessage['role']; content: string; model?: string; stats?: ChatStats; stopped?: boolean },
  ): ChatMessage {
    const t = this.now();
    const info = this.db
      .prepare(
        'INSERT INTO chat_messages (conversation_id, role, content, model, stats, stopped, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        conversationId,
        m.role,
        m.content,
        m.model ?? null,
        m.stats ? JSON.stringify(m.stats) : null,
        m.stopped ? 1 : 0,
        t,
      );
    this.db.prepare('UPDATE chat_conversations SET updated_at = ? WHERE id = ?').run(t, conversationId);
    return toMessage(
      this.db
        .prepare('SELECT id, role, content, model, stats, stopped, created_at FROM chat_messages WHERE id = ?')
        .get(info.lastInsertRowid) as MessageRow,
    );
  }

  /** Removes the trailing assistant replies (to regenerate the last one); returns how many. */
  dropTrailingReplies(conversationId: string): number {
    let dropped = 0;
    for (;;) {
      const last = this.db
        .prepare('SELECT id, role FROM chat_messages WHERE conversation_id = ? ORDER BY id DESC LIMIT 1')
        .get(conversationId) as { id: number; role: string } | undefined;
      if (!last || last.role !== 'assistant') return dropped;
      this.db.prepare('DELETE FROM chat_messages WHERE id = ?').run(last.id);
      dropped++;
    }
  }
}

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function toConversation(r: ConversationRow): Conversation {
  return {
    id: r.id,
    title: r.title,
    provider: r.provider,
    model: r.model,
    systemPrompt: r.system_prompt,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    messageCount: r.message_count,
    toolServers: JSON.parse(r.tool_servers) as string[],
    allowedTools: JSON.parse(r.allowed_tools) as string[],
  };
}

function toMessage(r: MessageRow): ChatMessage {
  return {
    id: r.id,
    role: r.role,
    content: r.content,
    ...(r.model ? { model: r.model } : {}),
    createdAt: r.created_at,
    ...(r.stats ? { stats: JSON.parse(r.stats) as ChatStats } : {}),
    ...(r.stopped ? { stopped: true } : {}),
  };
}
