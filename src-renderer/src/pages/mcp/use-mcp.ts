import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { InputOf, McpServerView } from '../../../../src-shared/api';
import type { ClientError } from '../../api/client';
import { queryKeyFor, useApi, useApiQuery, useStreamIntoQuery } from '../../api/hooks';

/** The MCP servers, kept current by `mcp:watch` (states, tools, restarts as they change). */
export function useMcpServers() {
  const query = useApiQuery('mcp:servers', {}, { staleTime: Infinity });
  useStreamIntoQuery('mcp:watch', {}, 'mcp:servers', {}, (_current, views) => views);
  return query;
}

export function useMcpCatalog() {
  return useApiQuery('mcp:catalog', {}, { staleTime: Infinity });
}

function useServerMutation<K extends 'mcp:add' | 'mcp:update' | 'mcp:restart'>(name: K) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation<McpServerView, ClientError, InputOf<K>>({
    mutationFn: (input) => api.call(name, input) as Promise<McpServerView>,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeyFor('mcp:servers', {}) }),
  });
}

export const useAddServer = () => useServerMutation('mcp:add');
export const useUpdateServer = () => useServerMutation('mcp:update');
export const useRestartServer = () => useServerMutation('mcp:restart');

export function useRemoveServer() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation<{ removed: string }, ClientError, string>({
    mutationFn: (id) => api.call('mcp:remove', { id }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeyFor('mcp:servers', {}) }),
  });
}

export function useServerLog(id: string, open: boolean) {
  return useApiQuery('mcp:log', { id }, { enabled: open, refetchInterval: open ? 2000 : false });
}

export function statePill(state: McpServerView['state']): string {
  if (state === 'running') return 'ok';
  if (state === 'crash-loop' || state === 'failed') return 'bad';
  if (state === 'disabled') return '';
  return 'warn';
}
