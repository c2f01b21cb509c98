import type { ChatMessage, ChatStats, ChatToolCall, Conversation } from '../../src-shared/api';

export function exportFilename(c: Conversation, ext: string): string {
  const slug =
    c.title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'conversation';
  return `${slug}.${ext}`;
}

export function statsLine(s: ChatStats): string {
  const parts: string[] = [];
  if (s.evalTokens !== undefined) parts.push(`${s.evalTokens} tokens`);
  if (s.tokensPerSecond !== undefined) parts.push(`${s.tokensPerSecond} tokens/s`);
  if (s.totalMs !== undefined) parts.push(`total ${s.totalMs} ms`);
  if (s.loadMs !== undefined) parts.push(`load ${s.loadMs} ms`);
  return parts.join(', ');
}

export function conversationToMarkdown(c: Conversation, messages: ChatMessage[], calls: ChatToolCall[] = []): string {
  const out = [`# ${c.title}`, '', `${c.provider} · ${c.model} · ${new Date(c.createdAt).toISOString()}`, ''];
  if (c.systemPrompt) out.push('## System', '', c.systemPrompt, '');
  for (const m of messages) {
    out.push(m.role === 'user' ? '## User' : `## Assistant${m.model ? ` (${m.model})` : ''}`, '', m.content, '');
    for (const call of calls.filter((t) => t.afterMessageId === m.id)) {
      out.push(
        `_Tool call: ${call.server} · ${call.tool}, ${call.status}${call.durationMs !== undefined ? `, ${call.durationMs} ms` : ''}_`,
        '',
      );
      out.push('```json', JSON.stringify(call.arguments, null, 2), '```', '');
      if (call.result !== undefined) out.push('```', call.result, '```', '');
    }
    if (m.stopped) out.push('_(stopped)_', '');
    if (m.stats) out.push(`_${statsLine(m.stats)}_`, '');
  }
  return out.join('\n');
}

export function conversationToJson(c: Conversation, messages: ChatMessage[], toolCalls: ChatToolCall[] = []): string {
  return JSON.stringify({ conversation: c, messages, toolCalls }, null, 2) + '\n';
}
