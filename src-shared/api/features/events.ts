import { z } from 'zod';
import { procedure, stream } from '../define';

/** Every kind of event the app records, once: the type, the WebSocket and the HTTP schemas derive from it. */
export const EVENT_KINDS = [
  'started',
  'stopped',
  /** Stopped by the Docker engine's own shutdown: neither the user's stop nor a crash. */
  'stopped-by-engine',
  'crashed',
  'restarted',
  'restart-scheduled',
  'crash-loop',
  'unhealthy',
  'oom-kill',
  'guard-warn',
  'guard-stop',
  'guard-dry-run',
  'guard-clear',
  /** An action the planner said would not fit, taken anyway (data: the plan). */
  'guard-anyway',
  'engine-lost',
  'engine-back',
  /** A failure that escaped every handler in the app's own process (data: origin, fatal, stack). */
  'internal-error',
  /** Alertmanager's notifications, through its webhook (data: alertname, labels, summary). */
  'alert-firing',
  'alert-resolved',
] as const;

export type EventKind = (typeof EVENT_KINDS)[number];

export interface AppEvent {
  id: number;
  /** Milliseconds since the epoch. */
  time: number;
  kind: EventKind;
  project: string;
  /** The service it is about; empty for host- or engine-wide events. */
  service: string;
  severity: 'info' | 'warning' | 'critical';
  message: string;
  /** Figures behind the event (limits, peaks, percentages, delays). */
  data?: Record<string, number | string | boolean>;
}

export const eventFilter = z
  .object({
    project: z.string().max(64).optional(),
    service: z.string().max(64).optional(),
    kinds: z.array(z.string().max(32)).max(20).optional(),
    since: z.number().int().nonnegative().optional(),
    limit: z.number().int().positive().max(5000).optional(),
  })
  .strict();

export const eventsContract = {
  'events:list': procedure(eventFilter).returns<AppEvent[]>(),
  'events:stream': stream(z.object({ project: z.string().max(64).optional() }).strict()).emits<AppEvent>(),
};
