import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { PrunePreview, PruneResult } from '../../../../src-shared/api/features/hardware';
import { useApi, useApiQuery } from '../../api/hooks';

export function useHardwareProfile() {
  return useApiQuery('hardware:profile', {}, { staleTime: 60_000 });
}

export function useRecommendations() {
  return useApiQuery('hardware:recommendations', {}, { staleTime: 30_000 });
}

export function useOverrides() {
  return useApiQuery('hardware:overrides', {}, { staleTime: 30_000 });
}

/** Apply / Undo: both rewrite the override file, then the recommendations and the stack config are read again. */
export function useRecommendationActions() {
  const api = useApi();
  const queryClient = useQueryClient();
  const refresh = async () => {
    await Promise.all(
      ['hardware:recommendations', 'hardware:overrides', 'stack:config', 'stack:profiles', 'models:list'].map((k) =>
        queryClient.invalidateQueries({ queryKey: [k] }),
      ),
    );
  };
  const apply = useMutation({ mutationFn: (id: string) => api.call('hardware:apply', { id }), onSettled: refresh });
  const undo = useMutation({ mutationFn: (id: string) => api.call('hardware:undo', { id }), onSettled: refresh });
  return { apply, undo };
}

export function useDiskUsage() {
  return useApiQuery('hardware:disk', {}, { staleTime: 10_000 });
}

/** The prune flow: preview (what would go, what it frees), then prune exactly that preview on confirmation. */
export function usePrune() {
  const api = useApi();
  const queryClient = useQueryClient();
  const [preview, setPreview] = useState<PrunePreview | undefined>();
  const [result, setResult] = useState<PruneResult | undefined>();
  const makePreview = useMutation({
    mutationFn: (includeVolumes: boolean) => api.call('hardware:prunePreview', { includeVolumes }),
    onSuccess: (p) => (setPreview(p), setResult(undefined)),
  });
  const prune = useMutation({
    mutationFn: (previewId: string) => api.call('hardware:prune', { previewId, confirm: true }),
    onSuccess: (r) => (setResult(r), setPreview(undefined)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['hardware:disk'] }),
  });
  return { preview, result, makePreview, prune, cancel: () => setPreview(undefined) };
}
