import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src-shared/api';
import { openDatabase } from '../store';
import { AlertmanagerWebhook, type AlertmanagerNotification } from './alertmanager-webhook';
import { EventLog } from './event-log';

type Alert = AlertmanagerNotification['alerts'][number];

function alert(
  fingerprint: string,
  service: string,
  status: 'firing' | 'resolved' = 'firing',
  startsAt = '2026-01-05T10:00:00Z',
): Alert {
  return {
    status,
    labels: {
      alertname: 'ServiceEndpointDown',
      severity: 'critical',
      service,
      instance: `http://${service}:80/`,
      job: 'blackbox-http',
    },
    annotations: { summary: `http://${service}:80/ stopped answering`, description: 'Open the Stack page.' },
    startsAt,
    endsAt: status === 'resolved' ? '2026-01-05T10:07:00Z' : '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus:9090/graph',
    fingerprint,
  };
}

/** A notification as Alertmanager sends it for the group `alertname`. */
function notification(alerts: Alert[]): AlertmanagerNotification {
  return { version: '4', status: alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved', alerts };
}

function setup() {
  const db = openDatabase(':memory:');
  let now = Date.parse('2026-01-05T10:01:00Z');
  const log = new EventLog(db, () => now);
  const hook = new AlertmanagerWebhook({ events: log, project: 'sutazai', now: () => now });
  return { db, log, hook, advance: (ms: number) => (now += ms) };
}

describe('AlertmanagerWebhook', () => {
  it('records one event per alert of a grouped notification, with the summary, service and figures', () => {
    const { log, hook } = setup();
    expect(hook.receive(notification([alert('a1', 'loki'), alert('b2', 'grafana')]))).toEqual({
      recorded: 2,
      repeated: 0,
    });
    const events = log.list({ kinds: ['alert-firing'] });
    expect(events.map((e) => [e.service, e.severity, e.message])).toEqual([
      ['grafana', 'critical', 'http://grafana:80/ stopped answering'],
      ['loki', 'critical', 'http://loki:80/ stopped answering'],
    ]);
    expect(events[1]!.data).toMatchObject({
      alertname: 'ServiceEndpointDown',
      fingerprint: 'a1',
      instance: 'http://loki:80/',
      description: 'Open the Stack page.',
    });
  });

  it('drops the repeats Alertmanager sends when a group grows or its repeat interval passes', () => {
    const { log, hook, advance } = setup();
    hook.receive(notification([alert('a1', 'loki')]));
    advance(60_000);
    expect(hook.receive(notification([alert('a1', 'loki'), alert('b2', 'grafana')]))).toEqual({
      recorded: 1,
      repeated: 1,
    });
    advance(4 * 3600_000);
    expect(hook.receive(notification([alert('a1', 'loki'), alert('b2', 'grafana')]))).toEqual({
      recorded: 0,
      repeated: 2,
    });
    expect(log.list({ kinds: ['alert-firing'] })).toHaveLength(2);
  });

  it('records the resolution once, and a new firing of the same alert again', () => {
    const { log, hook } = setup();
    hook.receive(notification([alert('a1', 'loki')]));
    expect(hook.receive(notification([alert('a1', 'loki', 'resolved')]))).toEqual({ recorded: 1, repeated: 0 });
    expect(hook.receive(notification([alert('a1', 'loki', 'resolved')]))).toEqual({ recorded: 0, repeated: 1 });
    const resolved = log.list({ kinds: ['alert-resolved'] });
    expect(resolved.map((e) => [e.service, e.severity, e.message])).toEqual([
      ['loki', 'info', 'resolved: http://loki:80/ stopped answering'],
    ]);
    expect(hook.receive(notification([alert('a1', 'loki', 'firing', '2026-01-05T11:00:00Z')]))).toEqual({
      recorded: 1,
      repeated: 0,
    });
    expect(log.list({ kinds: ['alert-firing'] })).toHaveLength(2);
  });

  it('remembers what it recorded across a restart of the app', () => {
    const { db, log, hook } = setup();
    hook.receive(notification([alert('a1', 'loki')]));
    const again = new AlertmanagerWebhook({
      events: log,
      project: 'sutazai',
      now: () => Date.parse('2026-01-05T12:00:00Z'),
    });
    expect(again.receive(notification([alert('a1', 'loki')]))).toEqual({ recorded: 0, repeated: 1 });
    db.close();
  });

  it('host alerts have no service; an unknown severity is a warning', () => {
    const { log, hook } = setup();
    const host = {
      ...alert('h1', 'x'),
      labels: { alertname: 'HostMemoryLow', severity: 'page' },
      annotations: { summary: 'Host memory is running out' },
    };
    hook.receive(notification([host]));
    expect(log.list()[0]).toMatchObject({
      kind: 'alert-firing',
      service: '',
      severity: 'warning',
      message: 'Host memory is running out',
    });
  });

  it('refuses a body that is not a notification, naming the field', () => {
    const { log, hook } = setup();
    const bad = (body: unknown) => {
      try {
        hook.receive(body);
      } catch (err) {
        expect(err).toBeInstanceOf(ApiError);
        expect((err as ApiError).code).toBe('INVALID_INPUT');
        return (err as Error).message;
      }
      throw new Error('accepted');
    };
    expect(bad('hello')).toMatch(/^not an Alertmanager webhook notification: body: /);
    expect(bad({ ...notification([alert('a1', 'loki')]), status: 'maybe' })).toMatch(/: status: /);
    expect(bad(notification([{ ...alert('a1', 'loki'), fingerprint: '' }]))).toMatch(/: alerts\.0\.fingerprint: /);
    expect(log.list()).toEqual([]);
  });
});
