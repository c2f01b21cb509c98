import { useApiQuery } from '../../api/hooks';
import { ErrorNote } from '../../components/ErrorNote';
import { formatBytes } from '../../components/format';
import { PlanDialog } from '../../components/plan/PlanDialog';
import { usePlanFirst } from '../../components/plan/use-plan-first';
import { PullProgress } from '../models/PullProgress';
import { useModelActions, usePulls } from '../models/use-models';

/** Step 5: pull the model the optimizer picked for this machine, with progress per layer. */
export function ModelStep() {
  const plan = useApiQuery('setup:plan', {}, { staleTime: 60_000 });
  const ollama = useApiQuery('models:status', {}, { refetchInterval: 5000 });
  const pulls = usePulls();
  const { pull, cancel } = useModelActions();
  const planFirst = usePlanFirst();
  const model = plan.data?.model;
  if (plan.error) return <ErrorNote error={plan.error} />;
  if (!plan.data) return <p className="muted">Working out which model fits…</p>;
  if (!model)
    return (
      <p className="fix">None of the starter models fits this machine's memory; the Models page can pull any other.</p>
    );
  const running = pulls.find((p) => p.model === model.name);
  return (
    <div>
      <p data-testid="recommended-model">
        <strong>{model.name}</strong> ({formatBytes(model.sizeBytes)}): {model.why}.
      </p>
      {ollama.data && !ollama.data.reachable && (
        <p className="fix">
          Ollama is not reachable at <span className="mono">{ollama.data.url}</span>: start the profile first (step 4).
        </p>
      )}
      <button
        type="button"
        className="primary"
        disabled={!ollama.data?.reachable || running?.status === 'running' || planFirst.busy}
        onClick={() =>
          planFirst.run({ kind: 'pull-model', model: model.name }, (override) =>
            pull.mutate({ model: model.name, override }),
          )
        }
      >
        Pull {model.name}
      </button>
      {planFirst.plan && <PlanDialog plan={planFirst.plan} onChoose={planFirst.choose} onCancel={planFirst.cancel} />}
      {planFirst.error && <ErrorNote error={planFirst.error} />}
      {running && <PullProgress pull={running} onCancel={() => cancel.mutate(model.name)} />}
      {pull.error && <ErrorNote error={pull.error} />}
    </div>
  );
}
