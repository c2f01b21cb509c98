import type { ChatToolCall } from '../../src-shared/api';
import type { Db } from '../store';

interface ToolCallRow {
  id: string;
  after_message_id: number;
  server_id: string;
  server: string;
  tool: string;
  arguments: string;
  status: ChatToolCall['status'];
  decision: ChatToolCall['decision'] | null;
  result: string | null;
  truncated_chars: number | null;
  started_at: number;
  duration_ms: number | null;
}

/** The tool calls of each conversation's replies, in the order they were asked for (migration 9). */
export class ToolCallRepository {
  constructor(private readonly db: Db) {}

  /** Stores a call, or its new state when it is already stored. */
  save(conversationId: string, call: ChatToolCall): void {
    this.db
      .prepare(
        `INSERT INTO chat_tool_calls (id, conversation_id, after_message_id, server_id, server, tool, arguments, status,
           decision, result, truncated_chars, started_at, duration_ms)
         VALUES (@id, @conversationId, @afterMessageId, @serverId, @server, @tool, @arguments, @status,
           @decision, @result, @truncatedChars, @startedAt, @durationMs)
         ON CONFLICT(id) DO UPDATE SET status = excluded.status, decision = excluded.decision, result = excluded.result,
           truncated_chars = excluded.truncated_chars, duration_ms = excluded.duration_ms`,
      )
      .run({
        id: call.id,
        conversationId,
        afterMessageId: call.afterMessageId,
        serverId: call.serverId,
        server: call.server,
        tool: call.tool,
        arguments: JSON.stringify(call.arguments),
        status: call.status,
        decision: call.decision ?? null,
        result: call.result ?? null,
        truncatedChars: call.truncatedChars ?? null,
        startedAt: call.startedAt,
        durationMs: call.durationMs ?? null,
      });
  }

  list(conversationId: string): ChatToolCall[] {
    const rows = this.db
      .prepare('SELECT * FROM chat_tool_calls WHERE conversation_id = ? ORDER BY seq')
      .all(conversationId) as ToolCallRow[];
    return rows.map(toCall);
  }

  /** Drops the calls of an exchange (when its reply is regenerated). */
  dropAfter(conversationId: string, messageId: number): number {
    return this.db
      .prepare('DELETE FROM chat_tool_calls WHERE conversation_id = ? AND after_message_id = ?')
      .run(conversationId, messageId).changes;
  }
}

function toCall(r: ToolCallRow): ChatToolCall {
  return {
    id: r.id,
    afterMessageId: r.after_message_id,
    serverId: r.server_id,
    server: r.server,
    tool: r.tool,
    arguments: JSON.parse(r.arguments) as Record<string, unknown>,
    status: r.status,
    ...(r.decision ? { decision: r.decision } : {}),
    ...(r.result !== null ? { result: r.result } : {}),
    ...(r.truncated_chars ? { truncatedChars: r.truncated_chars } : {}),
    startedAt: r.started_at,
    ...(r.duration_ms !== null ? { durationMs: r.duration_ms } : {}),
  };
}
