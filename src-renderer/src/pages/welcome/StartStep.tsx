import { useApiQuery } from '../../api/hooks';
import { ErrorNote } from '../../components/ErrorNote';
import { PlanDialog } from '../../components/plan/PlanDialog';
import { usePlanFirst } from '../../components/plan/use-plan-first';
import { useEngineStatus } from '../overview/use-engine-status';
import { describeProgress } from '../stack/progress-text';
import { useProfiles, useStackActions, useStackProgress } from '../stack/use-stack';

/** Step 4: start the recommended profile, with each image's pull and each service's start shown. */
export function StartStep() {
  const plan = useApiQuery('setup:plan', {}, { staleTime: 60_000 });
  const profiles = useProfiles();
  const engine = useEngineStatus();
  const progress = useStackProgress();
  const { up } = useStackActions();
  const planFirst = usePlanFirst();
  const name = plan.data?.profile?.name ?? profiles.data?.[0]?.name;
  const services = profiles.data?.find((p) => p.name === name)?.services ?? [];
  const connected = engine.data?.connected === true;
  return (
    <div>
      {!connected && <p className="fix">Connect an engine first (step 1): starting the stack needs one.</p>}
      {name && (
        <button
          type="button"
          className="primary"
          disabled={!connected || up.isPending || planFirst.busy}
          onClick={() =>
            planFirst.run({ kind: 'start-profile', profiles: [name] }, (override) =>
              up.mutate({ profiles: [name], override }),
            )
          }
        >
          {up.isPending ? `Starting ${name}…` : `Start the recommended profile (${name})`}
        </button>
      )}
      {planFirst.plan && <PlanDialog plan={planFirst.plan} onChoose={planFirst.choose} onCancel={planFirst.cancel} />}
      {planFirst.error && <ErrorNote error={planFirst.error} />}
      <ul className="progress-list" data-testid="start-progress">
        {services.map((s) => {
          const p = progress[s.name];
          return (
            <li key={s.name} data-testid={`start-${s.name}`}>
              <strong>{s.name}</strong> <span className="muted mono">{s.image}</span>
              {p?.phase === 'pulling' && (
                <progress max={100} value={p.percent ?? 0} aria-label={`pulling ${s.image}`} />
              )}
              <span className="progress-text">{up.isIdle && !p ? 'not started' : describeProgress(p)}</span>
            </li>
          );
        })}
      </ul>
      {up.data && (
        <p className={up.data.ok ? 'status ok' : 'status bad'} data-testid="start-result">
          {up.data.ok
            ? `${up.data.profile} is running (${Math.round(up.data.durationMs / 100) / 10} s)`
            : `${up.data.profile} did not start: ${up.data.error ?? 'see the services above'}`}
        </p>
      )}
      {up.error && <ErrorNote error={up.error} />}
      {(plan.error ?? profiles.error) && <ErrorNote error={(plan.error ?? profiles.error)!} />}
    </div>
  );
}
