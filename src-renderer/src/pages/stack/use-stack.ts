import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ProgressEvent, ServiceStatus } from '../../../../src-shared/api';
import { queryKeyFor, useApi, useApiQuery, useStream, useStreamIntoQuery } from '../../api/hooks';

/** The stack's services, kept current by the core's `stack:services` stream. */
export function useStackServices() {
  const query = useApiQuery('stack:ps', {}, { staleTime: Infinity });
  useStreamIntoQuery('stack:services', {}, 'stack:ps', {}, (_current, services) => services);
  return query;
}

export function useProfiles() {
  return useApiQuery('stack:profiles', {}, { staleTime: 60_000 });
}

const PROGRESS_KEY = ['stack:progress-by-service'] as const;

/** The latest progress event per service, fed by the `stack:progress` stream. */
export function useStackProgress(): Record<string, ProgressEvent> {
  const queryClient = useQueryClient();
  const { data } = useQuery<Record<string, ProgressEvent>>({ queryKey: PROGRESS_KEY, queryFn: () => ({}), staleTime: Infinity });
  useStream('stack:progress', {}, (event) => {
    queryClient.setQueryData<Record<string, ProgressEvent>>(PROGRESS_KEY, (current) => ({ ...current, [event.service]: event }));
  });
  return data ?? {};
}

export function useStackActions() {
  const api = useApi();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeyFor('stack:ps', {}) });
  const up = useMutation({ mutationFn: (profile: string) => api.call('stack:up', { profile, wait: true }), onSettled: refresh });
  const down = useMutation({ mutationFn: (profile: string) => api.call('stack:down', { profile }), onSettled: refresh });
  const action = useMutation({
    mutationFn: (v: { service: string; action: 'start' | 'stop' | 'restart' }) => api.call('stack:serviceAction', v),
    onSettled: refresh,
  });
  return { up, down, action };
}

export function servicesOfProfile(services: ServiceStatus[] | undefined, names: string[]): ServiceStatus[] {
  return (services ?? []).filter((s) => names.includes(s.service));
}
