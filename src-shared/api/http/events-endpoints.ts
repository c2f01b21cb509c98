import { z } from 'zod';
import { EVENT_KINDS, eventFilter } from '../features/events';
import { endpoint } from './endpoint';

/** A query parameter arrives as text: digits are read as a number, any other text is refused. */
const wholeNumber = (v: unknown, ctx: z.core.$RefinementCtx): unknown => {
  if (typeof v !== 'string') return v;
  if (/^\d{1,16}$/.test(v)) return Number(v);
  ctx.addIssue({ code: 'custom', message: 'must be a whole number', input: v });
  return z.NEVER;
};

const f = eventFilter.shape;

export const eventsQuery = z
  .object({
    project: f.project.describe('Only this compose project.'),
    service: f.service.describe('Only this service.'),
    kind: f.kinds.describe('Only these kinds (repeat the parameter).'),
    since: z.preprocess(wholeNumber, f.since).describe('Only events at or after this time (ms since the epoch).'),
    limit: z.preprocess(wholeNumber, f.limit).describe('At most this many, newest first (default 500).'),
  })
  .strict();

export const appEvent = z
  .object({
    id: z.number().int(),
    time: z.iso.datetime(),
    kind: z.enum(EVENT_KINDS),
    project: z.string(),
    service: z.string().describe('Empty for host- or engine-wide events.'),
    severity: z.enum(['info', 'warning', 'critical']),
    message: z.string(),
    data: z
      .record(z.string(), z.union([z.number(), z.string(), z.boolean()]))
      .optional()
      .describe('The figures behind the event.'),
  })
  .strict();

export const eventsEndpoints = {
  listEvents: endpoint({
    method: 'GET',
    path: '/api/v1/events',
    tag: 'events',
    summary: 'Supervision, guard and engine events, newest first',
    query: eventsQuery,
    reply: { kind: 'json', schema: z.array(appEvent), description: 'The events that match.' },
    errors: ['INVALID_INPUT'],
  }),
};
