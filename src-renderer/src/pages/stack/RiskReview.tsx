import type { ServiceRisk } from '../../../../src-shared/api';

interface Props {
  profiles: string[];
  risks: ServiceRisk[];
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Before a start: the services' settings that give them part of the host, each with its reason, asked once. */
export function RiskReview({ profiles, risks, busy, onConfirm, onCancel }: Props) {
  return (
    <section className="card risk-review" role="dialog" aria-modal="true" aria-label="Confirm host access">
      <h2>Before starting {profiles.join(' + ')}</h2>
      <p>
        {risks.length === 1 ? 'This service gets' : 'These services get'} part of this machine. Start{' '}
        {risks.length === 1 ? 'it' : 'them'} only if you trust {risks.length === 1 ? 'its image' : 'their images'}; you
        are asked again when a service&apos;s configuration changes.
      </p>
      {risks.map((r) => (
        <div key={r.service} className="risk" data-testid={`risk-${r.service}`}>
          <h3 className="mono">{r.service}</h3>
          {r.justification && <p className="muted">Why the compose file needs it: {r.justification}</p>}
          <ul>
            {r.settings.map((s) => (
              <li key={s.setting}>
                <span className="mono">{s.setting}</span>: {s.reason}
              </li>
            ))}
          </ul>
        </div>
      ))}
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={onConfirm}>
          {busy ? 'Starting…' : 'Start with these settings'}
        </button>
        <button type="button" disabled={busy} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}
