import type { ChatToolCall } from '../../../../src-shared/api';

const STATUS: Record<ChatToolCall['status'], string> = {
  pending: 'waiting for you',
  running: 'running',
  done: 'done',
  error: 'failed',
  denied: 'denied',
  cancelled: 'cancelled',
  timeout: 'timed out',
};

const DECISION: Record<NonNullable<ChatToolCall['decision']>, string> = {
  once: 'allowed once',
  conversation: 'allowed for this conversation',
  'read-only': 'read-only, allowed by the server’s setting',
  denied: 'denied',
};

/** A tool call in the transcript, folded: server, tool, status and timing; unfolded: arguments and result. */
export function ToolCallView({ call }: { call: ChatToolCall }) {
  return (
    <details className={`tool-call ${call.status}`} data-testid="tool-call">
      <summary>
        <span className="tool-name">
          {call.server ? `${call.server} · ` : ''}
          {call.tool}
        </span>{' '}
        <span className="muted" data-testid="tool-call-status">
          {STATUS[call.status]}
          {call.durationMs !== undefined && call.status !== 'denied' ? ` · ${call.durationMs} ms` : ''}
          {call.decision && call.decision !== 'denied' ? ` · ${DECISION[call.decision]}` : ''}
        </span>
      </summary>
      <div className="tool-call-body">
        <div className="muted">Arguments</div>
        <pre>{JSON.stringify(call.arguments, null, 2)}</pre>
        {call.result !== undefined && (
          <>
            <div className="muted">
              {call.status === 'denied' ? 'The model was told' : 'Result'}
              {call.truncatedChars ? ` (${call.truncatedChars} characters cut)` : ''}
            </div>
            <pre data-testid="tool-call-result">{call.result}</pre>
          </>
        )}
      </div>
    </details>
  );
}
