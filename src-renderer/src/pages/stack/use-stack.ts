import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ProgressEvent, ServiceRisk, ServiceStatus } from '../../../../src-shared/api';
import type { PlanAction, PlanOverride } from '../../../../src-shared/api/features/planner';
import { queryKeyFor, useApi, useApiQuery, useStream, useStreamIntoQuery } from '../../api/hooks';
import { projectInput } from '../../stores/project-store';

/** The project's services, kept current by the core's `stack:services` stream. */
export function useStackServices(project?: string) {
  const input = projectInput(project);
  const query = useApiQuery('stack:ps', input, { staleTime: Infinity });
  useStreamIntoQuery('stack:services', input, 'stack:ps', input, (_current, services) => services);
  return query;
}

export function useProfiles(project?: string) {
  return useApiQuery('stack:profiles', projectInput(project), { staleTime: 60_000 });
}

/** The latest progress event per service of the project, fed by the `stack:progress` stream. */
export function useStackProgress(project?: string): Record<string, ProgressEvent> {
  const queryClient = useQueryClient();
  const key = ['stack:progress-by-service', project ?? ''] as const;
  const { data } = useQuery<Record<string, ProgressEvent>>({
    queryKey: key,
    queryFn: () => ({}),
    staleTime: Infinity,
  });
  useStream('stack:progress', projectInput(project), (event) => {
    queryClient.setQueryData<Record<string, ProgressEvent>>(key, (current) => ({
      ...current,
      [event.service]: event,
    }));
  });
  return data ?? {};
}

export function useStackActions(project?: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  const input = projectInput(project);
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeyFor('stack:ps', input) });
  /** Starts go through the planner, with the way to go on the user chose when the plan did not fit. */
  const act = async (action: PlanAction, override: PlanOverride | undefined) => {
    const outcome = await api.call('planner:act', { ...input, action, ...(override ? { override } : {}) });
    if (!outcome.acted) throw new Error(`Not started: ${outcome.plan.summary}`);
    return outcome.result;
  };
  const up = useMutation({
    mutationFn: async ({ profiles, override }: { profiles: string[]; override?: PlanOverride | undefined }) => {
      const result = await act({ kind: 'start-profile', profiles }, override);
      if (result.kind !== 'up') throw new Error('the planner answered a start with another result');
      return result.report;
    },
    onSettled: refresh,
  });
  const down = useMutation({
    mutationFn: (profiles: string[]) => api.call('stack:down', { ...input, profiles }),
    onSettled: refresh,
  });
  const action = useMutation({
    mutationFn: async (v: {
      service: string;
      action: 'start' | 'stop' | 'restart';
      override?: PlanOverride | undefined;
    }) => {
      if (v.action !== 'start')
        return api.call('stack:serviceAction', { ...input, service: v.service, action: v.action });
      const result = await act({ kind: 'start-service', service: v.service }, v.override);
      return result.kind === 'service' ? result.status : null;
    },
    onSettled: refresh,
  });
  return { up, down, action };
}

export function servicesOfProfile(services: ServiceStatus[] | undefined, names: string[]): ServiceStatus[] {
  return (services ?? []).filter((s) => names.includes(s.service));
}

/**
 * Start with a look first: the profiles' unconfirmed dangerous settings are shown for review, and
 * only a confirmation (stored per service configuration) lets the start go on.
 */
export function useReviewedStart(project: string | undefined, start: (profiles: string[]) => void) {
  const api = useApi();
  const input = projectInput(project);
  const [review, setReview] = useState<{ profiles: string[]; risks: ServiceRisk[] } | null>(null);
  const check = useMutation({
    mutationFn: (profiles: string[]) => api.call('stack:risks', { ...input, profiles }),
    onSuccess: (risks, profiles) => {
      const pending = risks.filter((r) => !r.acknowledged);
      if (pending.length) setReview({ profiles, risks: pending });
      else start(profiles);
    },
  });
  const confirm = useMutation({
    mutationFn: (r: { profiles: string[]; risks: ServiceRisk[] }) =>
      api.call('stack:acknowledge', {
        ...input,
        items: r.risks.map((x) => ({ service: x.service, configHash: x.configHash })),
      }),
    onSuccess: (_risks, r) => {
      setReview(null);
      start(r.profiles);
    },
  });
  return {
    request: (profiles: string[]) => check.mutate(profiles),
    review,
    confirm: () => review && confirm.mutate(review),
    cancel: () => setReview(null),
    busy: check.isPending || confirm.isPending,
    error: check.error ?? confirm.error,
  };
}
