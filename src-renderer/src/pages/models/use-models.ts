import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PullState } from '../../../../src-shared/api';
import type { PlanAction, PlanOverride } from '../../../../src-shared/api/features/planner';
import { useApi, useApiQuery, useStream } from '../../api/hooks';

const PULLS_KEY = ['models:pulls-live'] as const;

export function useInstalledModels(enabled = true) {
  return useApiQuery('models:list', {}, { enabled, staleTime: 5_000 });
}

/** Every pull the core runs, with per-layer progress, fed by the `models:pulls` stream. */
export function usePulls(): PullState[] {
  const queryClient = useQueryClient();
  const { data } = useQuery<PullState[]>({ queryKey: PULLS_KEY, queryFn: () => [], staleTime: Infinity });
  useStream('models:pulls', {}, (states) => queryClient.setQueryData(PULLS_KEY, states));
  return data ?? [];
}

export function useModelActions() {
  const api = useApi();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['models:list'] });
  // Pull and Load go through the planner, with the way to go on the user chose when the plan did not fit.
  const act = async (action: PlanAction, override: PlanOverride | undefined) => {
    const outcome = await api.call('planner:act', { action, ...(override ? { override } : {}) });
    if (!outcome.acted) throw new Error(`Not done: ${outcome.plan.summary}`);
    return outcome.result;
  };
  const pull = useMutation({
    mutationFn: ({ model, override }: { model: string; override?: PlanOverride | undefined }) =>
      act({ kind: 'pull-model', model }, override),
  });
  const load = useMutation({
    mutationFn: ({ model, override }: { model: string; override?: PlanOverride | undefined }) =>
      act({ kind: 'load-model', model }, override),
    onSettled: refresh,
  });
  const cancel = useMutation({ mutationFn: (model: string) => api.call('models:cancelPull', { model }) });
  const remove = useMutation({
    mutationFn: (model: string) => api.call('models:delete', { model, confirm: true }),
    onSettled: refresh,
  });
  return { pull, load, cancel, remove, refresh };
}
