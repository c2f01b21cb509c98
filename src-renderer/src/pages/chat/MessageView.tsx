import type { ChatMessage, ChatStats } from '../../../../src-shared/api';
import { Markdown } from './Markdown';

export function statsText(s: ChatStats): string {
  const parts: string[] = [];
  if (s.tokensPerSecond !== undefined) parts.push(`${s.tokensPerSecond.toFixed(1)} tokens/s`);
  if (s.evalTokens !== undefined) parts.push(`${s.evalTokens} tokens`);
  if (s.totalMs !== undefined) parts.push(`total ${formatMs(s.totalMs)}`);
  if (s.loadMs !== undefined) parts.push(`load ${formatMs(s.loadMs)}`);
  if (s.promptTokens !== undefined)
    parts.push(`prompt ${s.promptTokens} tokens${s.promptMs !== undefined ? ` in ${formatMs(s.promptMs)}` : ''}`);
  return parts.join(' · ');
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

export function MessageView({
  message,
  streaming,
}: {
  message: Pick<ChatMessage, 'role' | 'content' | 'model' | 'stats' | 'stopped'>;
  streaming?: boolean;
}) {
  return (
    <article
      className={`message ${message.role}`}
      data-testid={`message-${message.role}`}
      aria-busy={streaming || undefined}
    >
      <div className="message-role">{message.role === 'user' ? 'You' : (message.model ?? 'Assistant')}</div>
      {message.role === 'user' ? (
        <div className="message-text">{message.content}</div>
      ) : (
        <Markdown text={message.content} />
      )}
      {streaming && <span className="cursor" aria-label="streaming" />}
      {message.stopped && <div className="muted">Stopped</div>}
      {message.stats && (
        <div className="muted stats" data-testid="message-stats">
          {statsText(message.stats)}
        </div>
      )}
    </article>
  );
}
