import type { HostSample } from '../../../../src-shared/api';
import { useApiQuery, useStreamIntoQuery } from '../../api/hooks';

const KEEP_SECONDS = 600;

/** The host's recent samples: history once, then every new sample pushed by the core. */
export function useHostSamples() {
  const query = useApiQuery('host:history', { seconds: KEEP_SECONDS }, { staleTime: Infinity });
  useStreamIntoQuery('host:samples', {}, 'host:history', { seconds: KEEP_SECONDS }, (current, sample) =>
    appendSample(current ?? [], sample, KEEP_SECONDS),
  );
  return query;
}

export function appendSample(list: HostSample[], sample: HostSample, keepSeconds: number): HostSample[] {
  const last = list[list.length - 1];
  if (last && last.time >= sample.time) return list;
  const since = sample.time - keepSeconds * 1000;
  const start = list.findIndex((s) => s.time >= since);
  return [...(start <= 0 ? list : list.slice(start)), sample];
}
