import { useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useRef, useSyncExternalStore } from 'react';
import type { EventOf, InputOf, OutputOf, ProcedureName, StreamName } from '../../../src-shared/api';
import type { ApiClient, ClientError, ConnectionState } from './client';

export const ApiContext = createContext<ApiClient | null>(null);

export function useApi(): ApiClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi outside <ApiContext.Provider>');
  return client;
}

export function queryKeyFor<K extends ProcedureName>(name: K, input: InputOf<K>): readonly unknown[] {
  return [name, input];
}

/** A react-query query over one procedure. */
export function useApiQuery<K extends ProcedureName>(
  name: K,
  input: InputOf<K>,
  options: Omit<UseQueryOptions<OutputOf<K>, ClientError>, 'queryKey' | 'queryFn'> = {},
) {
  const api = useApi();
  return useQuery<OutputOf<K>, ClientError>({
    queryKey: queryKeyFor(name, input),
    queryFn: () => api.call(name, input),
    ...options,
  });
}

/** Subscribes to a stream for the component's lifetime; the latest handler is always used. */
export function useStream<K extends StreamName>(
  name: K,
  input: InputOf<K>,
  onEvent: (event: EventOf<K>) => void,
  enabled = true,
): void {
  const api = useApi();
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const key = JSON.stringify(input);
  useEffect(() => {
    if (!enabled) return undefined;
    return api.subscribe(name, JSON.parse(key) as InputOf<K>, (e) => handler.current(e));
  }, [api, name, key, enabled]);
}

/** Feeds a stream's events into a procedure's cached answer, so server data stays in react-query. */
export function useStreamIntoQuery<S extends StreamName, P extends ProcedureName>(
  stream: S,
  streamInput: InputOf<S>,
  query: P,
  queryInput: InputOf<P>,
  merge: (current: OutputOf<P> | undefined, event: EventOf<S>) => OutputOf<P>,
): void {
  const queryClient = useQueryClient();
  useStream(stream, streamInput, (event) => {
    queryClient.setQueryData<OutputOf<P>>(queryKeyFor(query, queryInput), (current) => merge(current, event));
  });
}

export function useConnectionState(): ConnectionState {
  const api = useApi();
  return useSyncExternalStore(
    (cb) => api.onConnection(cb),
    () => api.connection(),
  );
}
