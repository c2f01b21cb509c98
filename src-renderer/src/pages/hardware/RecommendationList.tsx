import type { Recommendation } from '../../../../src-shared/api/features/hardware';
import { ErrorNote } from '../../components/ErrorNote';
import { useRecommendationActions } from './use-hardware';

const PILL = { ok: 'ok', info: '', warning: 'warn' } as const;

export function RecommendationList({ recommendations }: { recommendations: Recommendation[] }) {
  const { apply, undo } = useRecommendationActions();
  const busy = apply.isPending || undo.isPending;
  return (
    <section className="card" aria-label="Recommendations">
      <h2>Recommendations</h2>
      {apply.error && <ErrorNote error={apply.error} />}
      {undo.error && <ErrorNote error={undo.error} />}
      {recommendations.map((r) => (
        <article
          key={r.id}
          className="recommendation"
          data-testid="recommendation"
          data-id={r.id}
          style={{ borderTop: '1px solid var(--border)', padding: '8px 0' }}
        >
          <div className="card-header">
            <strong>{r.title}</strong>
            <span>
              {r.applied && <span className="pill ok">applied</span>}{' '}
              {r.kind !== 'model-fit' && <span className={`pill ${PILL[r.severity]}`}>{r.severity}</span>}
              {r.kind === 'model-fit' && (
                <span className={`pill ${PILL[r.severity]}`}>
                  {r.severity === 'warning' ? 'advisory: use anyway if you accept swapping' : 'fits'}
                </span>
              )}
            </span>
          </div>
          <p className="muted">{r.reason}</p>
          <dl className="facts">
            {r.figures.map((f) => (
              <div key={f.label} style={{ display: 'contents' }}>
                <dt>{f.label}</dt>
                <dd>{f.value}</dd>
              </div>
            ))}
          </dl>
          <div className="actions">
            {r.changes && !r.applied && (
              <button type="button" disabled={busy} onClick={() => apply.mutate(r.id)}>
                Apply
              </button>
            )}
            {r.applied && (
              <button type="button" disabled={busy} onClick={() => undo.mutate(r.id)}>
                Undo
              </button>
            )}
          </div>
        </article>
      ))}
    </section>
  );
}
