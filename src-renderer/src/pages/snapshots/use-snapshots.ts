import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CaptureOptions, CreateOptions, ScheduleSettings, SnapshotProgress } from '../../../../src-shared/api';
import { useApi, useApiQuery, useStream } from '../../api/hooks';

const PROGRESS_KEY = ['snapshots:progress-live'] as const;

export function useSnapshotList() {
  return useApiQuery('snapshots:list', {}, { staleTime: 5_000 });
}

/** The latest progress of the snapshot, restore or clone that runs now (from any client), fed by the stream. */
export function useSnapshotProgress(): SnapshotProgress | undefined {
  const queryClient = useQueryClient();
  const { data } = useQuery<SnapshotProgress | null>({
    queryKey: PROGRESS_KEY,
    queryFn: () => null,
    staleTime: Infinity,
  });
  useStream('snapshots:progress', {}, (p) => {
    queryClient.setQueryData(PROGRESS_KEY, p);
    if (p.phase === 'done' || p.phase === 'failed' || p.phase === 'cancelled')
      void queryClient.invalidateQueries({ queryKey: ['snapshots:list'] });
  });
  return data ?? undefined;
}

export function useSnapshotActions() {
  const api = useApi();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['snapshots:list'] });
  return {
    plan: useMutation({ mutationFn: (o: CaptureOptions) => api.call('snapshots:plan', o) }),
    create: useMutation({ mutationFn: (o: CreateOptions) => api.call('snapshots:create', o), onSettled: refresh }),
    cancel: useMutation({ mutationFn: (operationId: string) => api.call('snapshots:cancel', { operationId }) }),
    verify: useMutation({ mutationFn: (id: string) => api.call('snapshots:verify', { id }), onSettled: refresh }),
    restorePlan: useMutation({ mutationFn: (id: string) => api.call('snapshots:restorePlan', { id }) }),
    restore: useMutation({
      mutationFn: (o: { id: string; confirmToken: string; passphrase?: string }) => api.call('snapshots:restore', o),
      onSettled: refresh,
    }),
    clone: useMutation({
      mutationFn: (o: { id: string; project: string; passphrase?: string; acknowledge?: boolean }) =>
        api.call('snapshots:clone', o),
    }),
    remove: useMutation({ mutationFn: (id: string) => api.call('snapshots:delete', { id }), onSettled: refresh }),
  };
}

export function useSchedule() {
  const api = useApi();
  const queryClient = useQueryClient();
  const view = useApiQuery('snapshots:schedule', {});
  const save = useMutation({
    mutationFn: (patch: Partial<ScheduleSettings>) => api.call('snapshots:setSchedule', patch),
    onSuccess: (v) => queryClient.setQueryData(['snapshots:schedule', {}], v),
  });
  return { view, save };
}
