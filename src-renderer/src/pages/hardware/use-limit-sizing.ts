import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { PlanOverride } from '../../../../src-shared/api/features/planner';
import { useApi, useApiQuery } from '../../api/hooks';

export function useLimitSizing() {
  return useApiQuery('planner:limits', {}, { staleTime: 30_000 });
}

/** Apply (through the planner, so a limit below measured use is asked about) and Undo of a sized limit. */
export function useLimitSizingActions() {
  const api = useApi();
  const queryClient = useQueryClient();
  const refresh = () =>
    Promise.all(
      ['planner:limits', 'hardware:overrides', 'hardware:recommendations', 'stack:config', 'stack:profiles'].map((k) =>
        queryClient.invalidateQueries({ queryKey: [k] }),
      ),
    );
  const apply = useMutation({
    mutationFn: async (v: {
      service: string;
      limitBytes: number;
      reservationBytes: number;
      override?: PlanOverride | undefined;
    }) => {
      const outcome = await api.call('planner:act', {
        action: {
          kind: 'apply-limit',
          service: v.service,
          limitBytes: v.limitBytes,
          reservationBytes: v.reservationBytes,
        },
        ...(v.override ? { override: v.override } : {}),
      });
      if (!outcome.acted) throw new Error(`Not applied: ${outcome.plan.summary}`);
      return outcome.result;
    },
    onSettled: refresh,
  });
  const undo = useMutation({
    mutationFn: (service: string) => api.call('planner:undoLimit', { service }),
    onSettled: refresh,
  });
  return { apply, undo };
}
