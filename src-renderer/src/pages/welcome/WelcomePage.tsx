import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ComponentType } from 'react';
import { queryKeyFor, useApi } from '../../api/hooks';
import { EngineStep } from './EngineStep';
import { MachineStep } from './MachineStep';
import { ModelStep } from './ModelStep';
import { PreferencesStep } from './PreferencesStep';
import { SecretsStep } from './SecretsStep';
import { StartStep } from './StartStep';

const STEPS: { title: string; Step: ComponentType }[] = [
  { title: 'The engine', Step: EngineStep },
  { title: 'This machine', Step: MachineStep },
  { title: 'Secrets', Step: SecretsStep },
  { title: 'Start the stack', Step: StartStep },
  { title: 'A model', Step: ModelStep },
  { title: 'Start and notifications', Step: PreferencesStep },
];

/** The first run: six steps, each skippable; reachable again from Settings. */
export function WelcomePage() {
  const api = useApi();
  const queryClient = useQueryClient();
  const [index, setIndex] = useState(0);
  const finish = useMutation({
    mutationFn: (skipped: boolean) => api.call('setup:finish', { skipped }),
    onSuccess: (state) => {
      queryClient.setQueryData(queryKeyFor('setup:state', {}), state);
      window.location.hash = '#/overview';
    },
  });
  const { title, Step } = STEPS[index]!;
  return (
    <div className="page welcome">
      <div className="card-header">
        <h1>Welcome to SutazAI Control Center</h1>
        <button type="button" onClick={() => finish.mutate(true)}>
          Skip setup
        </button>
      </div>
      <ol className="steps" aria-label="Setup steps">
        {STEPS.map((s, i) => (
          <li
            key={s.title}
            aria-current={i === index ? 'step' : undefined}
            className={i === index ? 'active' : i < index ? 'done' : undefined}
          >
            <button type="button" className="link" onClick={() => setIndex(i)}>
              {i + 1}. {s.title}
            </button>
          </li>
        ))}
      </ol>
      <section className="card step" aria-label={title}>
        <h2>
          Step {index + 1} of {STEPS.length}: {title}
        </h2>
        <Step />
      </section>
      <div className="actions">
        <button type="button" disabled={index === 0} onClick={() => setIndex(index - 1)}>
          Back
        </button>
        {index < STEPS.length - 1 ? (
          <button type="button" className="primary" onClick={() => setIndex(index + 1)}>
            Next
          </button>
        ) : (
          <button type="button" className="primary" onClick={() => finish.mutate(false)}>
            Finish
          </button>
        )}
      </div>
    </div>
  );
}
