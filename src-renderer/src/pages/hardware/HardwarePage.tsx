import { ErrorNote } from '../../components/ErrorNote';
import { DiskCard } from './DiskCard';
import { HostProfileCard } from './HostProfileCard';
import { LimitSizingCard } from './LimitSizingCard';
import { RecommendationList } from './RecommendationList';
import { useOverrides, useRecommendations } from './use-hardware';

export function HardwarePage() {
  const recs = useRecommendations();
  const overrides = useOverrides();
  return (
    <div className="page hardware">
      <h1>Hardware</h1>
      {recs.isPending && <p className="muted">Reading this machine…</p>}
      {recs.error && <ErrorNote error={recs.error} />}
      {recs.data && (
        <div className="grid">
          <div className="col">
            <RecommendationList recommendations={recs.data.recommendations} />
            <LimitSizingCard />
          </div>
          <div className="col">
            <HostProfileCard profile={recs.data.profile} />
            <section className="card" aria-label="Override file">
              <h2>Override file</h2>
              <p className="muted">
                Applied recommendations go to <span className="mono">{overrides.data?.file ?? '…'}</span>, read after
                the templates (which are never edited).
                {overrides.data &&
                  (overrides.data.exists
                    ? ` ${overrides.data.applied.length} applied; restart the affected services (Stack page) to use them.`
                    : ' Nothing applied.')}
              </p>
            </section>
            <DiskCard />
          </div>
        </div>
      )}
    </div>
  );
}
