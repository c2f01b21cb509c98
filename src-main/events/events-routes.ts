import type { HttpRoute } from '../server/http-routes';
import { sendJson } from '../server/http-routes';
import type { EventLog } from './event-log';

/** `GET /api/v1/events?project=&service=&kind=&since=&limit=` for scripts and monitors. */
export function eventsRoutes(log: EventLog): HttpRoute[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/events',
      handle: (_req, res, url) => {
        const num = (k: string) => {
          const v = url.searchParams.get(k);
          if (v === null) return undefined;
          const n = Number(v);
          if (!Number.isInteger(n) || n < 0) throw new RangeError(`${k} must be a whole number`);
          return n;
        };
        try {
          const kinds = url.searchParams.getAll('kind');
          const events = log.list({
            ...(url.searchParams.get('project') ? { project: url.searchParams.get('project')! } : {}),
            ...(url.searchParams.get('service') ? { service: url.searchParams.get('service')! } : {}),
            ...(kinds.length ? { kinds } : {}),
            ...(num('since') !== undefined ? { since: num('since')! } : {}),
            limit: Math.min(num('limit') ?? 500, 5000),
          });
          sendJson(res, 200, events.map((e) => ({ ...e, time: new Date(e.time).toISOString() })));
        } catch (err) {
          sendJson(res, 400, { error: { code: 'INVALID_INPUT', message: (err as Error).message } });
        }
      },
    },
  ];
}
