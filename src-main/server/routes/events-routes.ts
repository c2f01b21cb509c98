import type { EventLog } from '../../events';
import type { HttpHandlers } from './bind-endpoint';

/** `GET /api/v1/events?project=&service=&kind=&since=&limit=` for scripts and monitors. */
export function eventsRoutes(log: EventLog): Pick<HttpHandlers, 'listEvents'> {
  return {
    listEvents: ({ query }) =>
      log
        .list({
          ...(query.project ? { project: query.project } : {}),
          ...(query.service ? { service: query.service } : {}),
          ...(query.kind?.length ? { kinds: query.kind } : {}),
          ...(query.since !== undefined ? { since: query.since } : {}),
          limit: query.limit ?? 500,
        })
        .map((e) => ({ ...e, time: new Date(e.time).toISOString() })),
  };
}
