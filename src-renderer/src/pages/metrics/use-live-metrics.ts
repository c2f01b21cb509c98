import { useEffect } from 'react';
import { useApi, useApiQuery, useStreamIntoQuery } from '../../api/hooks';

/**
 * The newest snapshot, pushed by the core every tick while this page is open. The page tells the
 * core when it is hidden, so the collector can slow down to its idle rate.
 */
export function useLiveMetrics() {
  const api = useApi();
  const query = useApiQuery('metrics:latest', {}, { staleTime: Infinity });
  useStreamIntoQuery('metrics:stream', {}, 'metrics:latest', {}, (_current, snapshot) => snapshot);
  useEffect(() => {
    const say = () =>
      void api.call('metrics:visibility', { visible: document.visibilityState === 'visible' }).catch(() => undefined);
    say();
    document.addEventListener('visibilitychange', say);
    return () => document.removeEventListener('visibilitychange', say);
  }, [api]);
  return query;
}
