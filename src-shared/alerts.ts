import type { AppEvent, EventKind } from './api/features/events';

/** The events the user is alerted to (tray notifications, toasts, browser notifications). */
export const ALERT_KINDS: ReadonlySet<EventKind> = new Set<EventKind>([
  'crash-loop',
  'oom-kill',
  'guard-warn',
  'guard-stop',
  'engine-lost',
  'unhealthy',
  'alert-firing',
]);

/** What alerts are counted by: the service of its project, or the kind for stack-wide events. */
export function alertKey(e: AppEvent): string {
  return e.service ? `${e.project}/${e.service}` : e.kind;
}

/** Lets through an alert event at most once per service (per kind when stack-wide) per interval. */
export class AlertGate {
  private readonly lastShown = new Map<string, number>();

  constructor(private readonly intervalMs = 60_000) {}

  admit(e: AppEvent): boolean {
    if (!ALERT_KINDS.has(e.kind)) return false;
    const key = alertKey(e);
    if (e.time - (this.lastShown.get(key) ?? 0) < this.intervalMs) return false;
    this.lastShown.set(key, e.time);
    return true;
  }
}
