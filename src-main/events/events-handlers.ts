import type { FeatureHandlers } from '../rpc';
import type { EventLog } from './event-log';

export function createEventsHandlers(log: EventLog): FeatureHandlers<'events'> {
  return {
    'events:list': (q) => log.list(q),
    'events:stream': ({ project }, emit) =>
      log.subscribe((e) => {
        if (!project || e.project === project) emit(e);
      }),
  };
}
