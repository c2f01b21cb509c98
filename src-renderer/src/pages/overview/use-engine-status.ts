import { useApiQuery, useStreamIntoQuery } from '../../api/hooks';

/** The engine's status, kept current by the core's watch stream. */
export function useEngineStatus() {
  const query = useApiQuery('engine:status', {}, { staleTime: Infinity });
  useStreamIntoQuery('engine:watch', {}, 'engine:status', {}, (_current, status) => status);
  return query;
}
