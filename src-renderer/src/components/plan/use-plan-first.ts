import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { Plan, PlanAction, PlanOverride } from '../../../../src-shared/api/features/planner';
import { useApi } from '../../api/hooks';

/** Runs an action, with the way to go on the user chose when its plan was not a plain "fits". */
export type Perform = (override: PlanOverride | undefined) => void;

/**
 * Asks the planner before an action: a plain "fits" runs it at once; anything else keeps the plan
 * for the dialog, whose choice (anyway, without the optional services, stop a service first) is
 * then passed to the action, which goes through `planner:act` with that override.
 */
/** `project`: the managed project the action is about (the SutazAI stack when none). */
export function usePlanFirst(project?: string) {
  const api = useApi();
  const perform = useRef<Perform | null>(null);
  const [plan, setPlan] = useState<Plan | null>(null);
  const check = useMutation({
    mutationFn: (action: PlanAction) =>
      api.call('planner:plan', { ...(project === undefined ? {} : { project }), action }),
    onSuccess: (p) => {
      if (p.verdict === 'fits') {
        perform.current?.(undefined);
        perform.current = null;
      } else setPlan(p);
    },
  });
  return {
    /** Plans `action`; runs `run` now when it fits, else once the user picks a way to go on. */
    run(action: PlanAction, run: Perform) {
      perform.current = run;
      setPlan(null);
      check.mutate(action);
    },
    plan,
    choose(override: PlanOverride) {
      const run = perform.current;
      perform.current = null;
      setPlan(null);
      run?.(override);
    },
    cancel() {
      perform.current = null;
      setPlan(null);
    },
    busy: check.isPending,
    error: check.error,
  };
}
