import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SettingsPatch, SettingsView } from '../../../src-shared/api';
import type { ClientError } from './client';
import { queryKeyFor, useApi, useApiQuery, useStreamIntoQuery } from './hooks';

/** The user's settings, kept current by `settings:watch` (a change in another window shows here too). */
export function useSettings() {
  const query = useApiQuery('settings:get', {}, { staleTime: Infinity });
  useStreamIntoQuery('settings:watch', {}, 'settings:get', {}, (_current, view) => view);
  return query;
}

/** Saves a few settings at once; the answer (the new settings) replaces the cached ones. */
export function useSaveSettings() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation<SettingsView, ClientError, SettingsPatch>({
    mutationFn: (patch) => api.call('settings:set', patch),
    onSuccess: (view) => queryClient.setQueryData(queryKeyFor('settings:get', {}), view),
  });
}
