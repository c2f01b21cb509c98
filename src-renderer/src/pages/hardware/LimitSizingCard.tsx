import type { LimitAdvice } from '../../../../src-shared/api/features/planner';
import { ErrorNote } from '../../components/ErrorNote';
import { formatBytes } from '../../components/format';
import { PlanDialog } from '../../components/plan/PlanDialog';
import { usePlanFirst } from '../../components/plan/use-plan-first';
import { useLimitSizing, useLimitSizingActions } from './use-limit-sizing';

const KIND = {
  close: { label: 'close to its limit', pill: 'bad' },
  oversized: { label: 'limit far above use', pill: 'warn' },
  ok: { label: 'sized', pill: 'ok' },
  'no-history': { label: 'no history', pill: '' },
} as const;

/** Limits and reservations sized from what each service used over the last days, with Apply and Undo. */
export function LimitSizingCard() {
  const sizing = useLimitSizing();
  const { apply, undo } = useLimitSizingActions();
  const planFirst = usePlanFirst();
  const busy = apply.isPending || undo.isPending || planFirst.busy;
  const shown = sizing.data?.services.filter((s) => s.kind === 'close' || s.kind === 'oversized' || s.applied) ?? [];
  const measured = sizing.data?.services.filter((s) => s.kind !== 'no-history').length ?? 0;
  return (
    <section className="card" aria-label="Limits sized from measured use">
      <h2>Limits sized from measured use</h2>
      {sizing.error && <ErrorNote error={sizing.error} />}
      {apply.error && <ErrorNote error={apply.error} />}
      {undo.error && <ErrorNote error={undo.error} />}
      {planFirst.error && <ErrorNote error={planFirst.error} />}
      {planFirst.plan && <PlanDialog plan={planFirst.plan} onChoose={planFirst.choose} onCancel={planFirst.cancel} />}
      {sizing.data && (
        <p className="muted">
          From the metrics history of the last {sizing.data.windowDays} days: {measured} of{' '}
          {sizing.data.services.length} services measured.{' '}
          {shown.length === 0 ? 'None runs close to its limit or far below it.' : ''}
        </p>
      )}
      {shown.map((s) => (
        <Advice
          key={s.service}
          advice={s}
          busy={busy}
          onApply={(limitBytes, reservationBytes) =>
            planFirst.run({ kind: 'apply-limit', service: s.service, limitBytes, reservationBytes }, (override) =>
              apply.mutate({ service: s.service, limitBytes, reservationBytes, override }),
            )
          }
          onUndo={() => undo.mutate(s.service)}
        />
      ))}
    </section>
  );
}

function Advice({
  advice: s,
  busy,
  onApply,
  onUndo,
}: {
  advice: LimitAdvice;
  busy: boolean;
  onApply: (limitBytes: number, reservationBytes: number) => void;
  onUndo: () => void;
}) {
  const kind = KIND[s.kind];
  return (
    <article data-testid={`sizing-${s.service}`} style={{ borderTop: '1px solid var(--border)', padding: '8px 0' }}>
      <div className="card-header">
        <strong className="mono">{s.service}</strong>
        <span>
          {s.applied && <span className="pill ok">applied</span>}{' '}
          <span className={`pill ${kind.pill}`}>{kind.label}</span>
        </span>
      </div>
      <p className="muted">{s.reason}</p>
      <dl className="facts">
        <dt>Limit / reservation now</dt>
        <dd>
          {formatBytes(s.limitBytes ?? undefined, 'none')} / {formatBytes(s.reservationBytes ?? undefined, 'none')}
        </dd>
        <dt>Used (p95 / p99 / peak)</dt>
        <dd>
          {formatBytes(s.p95Bytes ?? undefined)} / {formatBytes(s.p99Bytes ?? undefined)} /{' '}
          {formatBytes(s.peakBytes ?? undefined)}
        </dd>
        {s.recommended && (
          <>
            <dt>Recommended</dt>
            <dd data-testid="sizing-recommended">
              limit {formatBytes(s.recommended.limitBytes)}, reservation {formatBytes(s.recommended.reservationBytes)}
            </dd>
          </>
        )}
        <dt>From</dt>
        <dd className="muted">{s.source}</dd>
      </dl>
      <div className="actions">
        {s.recommended && !s.applied && (
          <button
            type="button"
            disabled={busy}
            onClick={() => onApply(s.recommended!.limitBytes, s.recommended!.reservationBytes)}
          >
            Apply
          </button>
        )}
        {s.applied && (
          <button type="button" disabled={busy} onClick={onUndo}>
            Undo
          </button>
        )}
      </div>
    </article>
  );
}
