import type { AppEvent } from '../../../../src-shared/api';
import { useApiQuery, useStreamIntoQuery } from '../../api/hooks';

const INPUT = { limit: 500 } as const;

/** Recent events, newest first, with new ones pushed in by the core's event stream. */
export function useEvents() {
  const query = useApiQuery('events:list', INPUT, { staleTime: Infinity });
  useStreamIntoQuery('events:stream', {}, 'events:list', INPUT, (current, event) =>
    [event, ...(current ?? [])].slice(0, 500),
  );
  return query;
}

export function matches(
  e: AppEvent,
  filter: { text: string; severity: string; service: string; project?: string },
): boolean {
  // Machine-wide events (no project: the memory guard's warnings) belong to every project.
  if (filter.project && e.project && e.project !== filter.project) return false;
  if (filter.severity && e.severity !== filter.severity) return false;
  if (filter.service && e.service !== filter.service) return false;
  if (filter.text && !`${e.kind} ${e.service} ${e.message}`.toLowerCase().includes(filter.text.toLowerCase()))
    return false;
  return true;
}
