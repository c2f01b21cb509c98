import type { Plan, PlanOverride } from '../../../../src-shared/api/features/planner';
import { formatBytes } from '../format';
import { actionTitle, choiceLabel, pct, VERDICT_PILL, VERDICT_WORDS } from './plan-words';
import './plan.css';

interface Props {
  plan: Plan;
  onChoose: (override: PlanOverride) => void;
  onCancel: () => void;
}

/** The plan of an action that is not a plain "fits": why, every figure with its source, and the ways to go on. */
export function PlanDialog({ plan, onChoose, onCancel }: Props) {
  const m = plan.memory;
  const budget =
    m.budgetSource === 'setting'
      ? `the ${formatBytes(m.budgetBytes)} budget`
      : `host memory (${formatBytes(m.budgetBytes)})`;
  return (
    <section className="card plan-dialog" role="dialog" aria-modal="true" aria-label="Plan">
      <header className="card-header">
        <h2>Before you {actionTitle(plan.action)}</h2>
        <span className={`pill ${VERDICT_PILL[plan.verdict]}`} data-testid="plan-verdict">
          {VERDICT_WORDS[plan.verdict]}
        </span>
      </header>
      <p data-testid="plan-summary">{plan.summary}</p>
      <dl className="facts">
        <dt>Memory</dt>
        <dd>
          {pct(m.usageBefore)} now → {pct(m.usageAfter)} after, of {budget} (warning at {pct(m.warnAt)}, the guard stops
          services at {pct(m.shedOptionalAt)})
        </dd>
        <dt>Stack</dt>
        <dd>
          {formatBytes(m.stackBeforeBytes)} → {formatBytes(m.stackAfterBytes)}; the host has{' '}
          {formatBytes(m.hostAvailableBytes)} available, {formatBytes(m.hostAvailableAfterBytes)} after
        </dd>
        {plan.model && (
          <>
            <dt>Model</dt>
            <dd data-testid="plan-model">{plan.model.note}</dd>
          </>
        )}
        {plan.limit && (
          <>
            <dt>Limit</dt>
            <dd>
              {plan.limit.service} uses up to {formatBytes(plan.limit.expectedBytes)} ({plan.limit.source})
            </dd>
          </>
        )}
      </dl>
      {m.shed.length > 0 && (
        <div data-testid="plan-shed">
          <h3>The memory guard would stop, in its order</h3>
          <ul>
            {m.shed.map((s) => (
              <li key={s.service}>
                <span className="mono">{s.service}</span> ({s.tier}, {formatBytes(s.bytes)}
                {s.startedByAction ? ', one this starts' : ''}): {pct(s.usageBefore)} → {pct(s.usageAfter)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {m.oomOrder.length > 0 && (
        <div data-testid="plan-oom">
          <h3>If memory runs out, the kernel kills first</h3>
          <ul>
            {m.oomOrder.map((v) => (
              <li key={v.service}>
                <span className="mono">{v.service}</span> ({v.tier}, oom_score_adj {v.oomScoreAdj},{' '}
                {formatBytes(v.bytes)})
              </li>
            ))}
          </ul>
        </div>
      )}
      {plan.services.length > 0 && (
        <table className="table" aria-label="Services it starts">
          <thead>
            <tr>
              <th>Service</th>
              <th>Tier</th>
              <th>Expected</th>
              <th>From</th>
            </tr>
          </thead>
          <tbody>
            {plan.services.map((s) => (
              <tr key={s.service} data-testid={`plan-service-${s.service}`}>
                <td className="mono">{s.service}</td>
                <td>{s.tier}</td>
                <td>{formatBytes(s.bytes)}</td>
                <td className="muted">{s.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {plan.disk.map((d) => (
        <p key={d.label} className={d.enough ? 'muted' : 'error'}>
          Disk ({d.label}): {d.freeBytes === null ? 'unknown' : `${formatBytes(d.freeBytes)} free`}
          {d.needBytes ? `, needs ${formatBytes(d.needBytes)}` : ''} at <span className="mono">{d.path}</span>
        </p>
      ))}
      {plan.notes.map((n) => (
        <p key={n} className="muted">
          {n}
        </p>
      ))}
      <details>
        <summary>What the plan read</summary>
        <dl className="facts">
          {plan.inputs.map((f) => (
            <div key={f.label} style={{ display: 'contents' }}>
              <dt>{f.label}</dt>
              <dd>
                {f.value} <span className="muted">({f.source})</span>
              </dd>
            </div>
          ))}
        </dl>
      </details>
      <div className="actions plan-choices">
        {plan.choices.map((c) =>
          c.kind === 'cancel' ? (
            <button key="cancel" type="button" onClick={onCancel}>
              Cancel
            </button>
          ) : (
            <button
              key={c.kind === 'stop-first' ? `stop-${c.service}` : c.kind}
              type="button"
              className={c.verdict === 'fits' ? 'primary' : ''}
              onClick={() =>
                onChoose(c.kind === 'stop-first' ? { kind: 'stop-first', service: c.service } : { kind: c.kind })
              }
            >
              {choiceLabel(plan, c)}
              <span className={`pill ${VERDICT_PILL[c.verdict]}`}>{VERDICT_WORDS[c.verdict]}</span>
            </button>
          ),
        )}
      </div>
    </section>
  );
}
