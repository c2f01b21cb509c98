import type { ToolApprovalRequest } from '../../../../src-shared/api';

/** A call the model asked for, shown before it runs: allow it once, for the conversation, or deny it. */
export function ToolApproval({
  request,
  onDecide,
}: {
  request: ToolApprovalRequest;
  onDecide: (decision: 'once' | 'conversation' | 'deny') => void;
}) {
  return (
    <section className="tool-approval card" role="alertdialog" aria-label={`Allow ${request.tool}?`}>
      <div>
        The model wants to run <strong>{request.tool}</strong> on the MCP server <strong>{request.server}</strong>
        {request.readOnly ? ' (read-only)' : ''}:
      </div>
      <pre data-testid="tool-approval-arguments">{JSON.stringify(request.arguments, null, 2)}</pre>
      <div className="row-actions">
        <button type="button" className="primary" onClick={() => onDecide('once')}>
          Allow once
        </button>
        <button type="button" onClick={() => onDecide('conversation')}>
          Allow for this conversation
        </button>
        <button type="button" onClick={() => onDecide('deny')}>
          Deny
        </button>
      </div>
    </section>
  );
}
