import { ApiError } from '../../src-shared/api';
import { alertmanagerNotification, type AlertmanagerNotification, type WebhookResult } from '../../src-shared/api/http';
import type { EventLog } from './event-log';

export type { AlertmanagerNotification, WebhookResult };

const KEEP_MS = 24 * 3600_000;

/**
 * Turns Alertmanager's notifications into events: one per alert that starts firing and one when it
 * resolves. Alertmanager sends a group's alerts again on every change to the group and on every
 * repeat interval; an alert already recorded in the same state is counted as a repeat and dropped.
 * What was recorded in the last day is read back from the event log, so a restart adds no repeats.
 */
export class AlertmanagerWebhook {
  private readonly seen = new Map<string, { state: string; time: number }>();

  constructor(private readonly o: { events: Pick<EventLog, 'record' | 'list'>; project: string; now?: () => number }) {
    const since = this.now() - KEEP_MS;
    const earlier = o.events
      .list({ project: o.project, kinds: ['alert-firing', 'alert-resolved'], since, limit: 5000 })
      .reverse();
    for (const e of earlier) {
      const fingerprint = e.data?.fingerprint;
      if (typeof fingerprint === 'string')
        this.seen.set(fingerprint, {
          state: `${e.kind === 'alert-firing' ? 'firing' : 'resolved'} ${String(e.data?.startsAt)}`,
          time: e.time,
        });
    }
  }

  /** Records the alerts of one notification; throws INVALID_INPUT naming the field when the body is not Alertmanager's. */
  receive(body: unknown): WebhookResult {
    const parsed = alertmanagerNotification.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = issue.path.length ? issue.path.join('.') : 'body';
      throw new ApiError('INVALID_INPUT', `not an Alertmanager webhook notification: ${where}: ${issue.message}`);
    }
    this.prune();
    let recorded = 0;
    let repeated = 0;
    for (const alert of parsed.data.alerts) {
      const state = `${alert.status} ${alert.startsAt}`;
      if (this.seen.get(alert.fingerprint)?.state === state) {
        repeated++;
        continue;
      }
      this.seen.set(alert.fingerprint, { state, time: this.now() });
      const name = alert.labels.alertname ?? 'alert';
      const summary = alert.annotations.summary ?? name;
      const firing = alert.status === 'firing';
      const severity =
        alert.labels.severity === 'critical' ? 'critical' : alert.labels.severity === 'info' ? 'info' : 'warning';
      this.o.events.record({
        kind: firing ? 'alert-firing' : 'alert-resolved',
        project: this.o.project,
        service: alert.labels.service ?? '',
        severity: firing ? severity : 'info',
        message: firing ? summary : `resolved: ${summary}`,
        data: {
          alertname: name,
          fingerprint: alert.fingerprint,
          startsAt: alert.startsAt,
          ...(alert.labels.severity ? { alertSeverity: alert.labels.severity } : {}),
          ...(alert.annotations.description ? { description: alert.annotations.description } : {}),
          ...(alert.labels.instance ? { instance: alert.labels.instance } : {}),
          ...(!firing && alert.endsAt ? { endsAt: alert.endsAt } : {}),
        },
      });
      recorded++;
    }
    return { recorded, repeated };
  }

  private prune(): void {
    const before = this.now() - KEEP_MS;
    for (const [k, v] of this.seen) if (v.time < before) this.seen.delete(k);
  }

  private now(): number {
    return (this.o.now ?? Date.now)();
  }
}
