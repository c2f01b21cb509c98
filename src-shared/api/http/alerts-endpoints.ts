import { z } from 'zod';
import { endpoint } from './endpoint';

const labelMap = z.record(z.string().max(256), z.string().max(8192));
const alertStatus = z.enum(['firing', 'resolved']);

/**
 * Alertmanager's webhook notification (version 4), as Alertmanager documents it. The control center
 * reads `alerts`; the group's fields are declared so the document shows the whole body. Fields a
 * later Alertmanager adds are ignored rather than refused, so an upgrade does not lose alerts.
 */
export const alertmanagerNotification = z.object({
  version: z.string().max(8).describe('The payload version, "4".'),
  status: alertStatus.describe('firing while any alert of the group fires.'),
  receiver: z.string().max(256).optional(),
  groupKey: z.string().max(8192).optional(),
  truncatedAlerts: z.number().int().nonnegative().optional(),
  groupLabels: labelMap.optional(),
  commonLabels: labelMap.optional(),
  commonAnnotations: labelMap.optional(),
  externalURL: z.string().max(2048).optional(),
  alerts: z
    .array(
      z.object({
        status: alertStatus,
        labels: labelMap.describe('alertname, severity, service and instance are read.'),
        annotations: labelMap.default({}).describe('summary and description are read.'),
        startsAt: z.string().max(64),
        endsAt: z.string().max(64).optional(),
        generatorURL: z.string().max(2048).optional(),
        fingerprint: z.string().min(1).max(64).describe('Identifies the alert across notifications.'),
      }),
    )
    .max(1000)
    .describe('The alerts of the group, each in its current state.'),
});

export type AlertmanagerNotification = z.input<typeof alertmanagerNotification>;

export const webhookResult = z
  .object({
    recorded: z.number().int().nonnegative().describe('Alerts recorded as alert-firing or alert-resolved events.'),
    repeated: z.number().int().nonnegative().describe('Alerts already recorded in the same state, dropped.'),
  })
  .strict();

export type WebhookResult = z.output<typeof webhookResult>;

export const alertsEndpoints = {
  alertmanagerWebhook: endpoint({
    method: 'POST',
    path: '/api/v1/alerts/alertmanager',
    tag: 'alerts',
    summary: "Alertmanager's webhook: each alert that starts firing or resolves becomes an event",
    description:
      'The receiver of the monitoring profile’s Alertmanager. Repeats (a group that changes, a repeat interval ' +
      'that passes) are counted and dropped, also across a restart of the app.',
    stackToken: true,
    body: alertmanagerNotification,
    example: {
      version: '4',
      status: 'firing',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'PostgresRefusingConnections', severity: 'critical', service: 'postgres' },
          annotations: { summary: 'PostgreSQL refuses connections' },
          startsAt: '2026-01-05T10:00:00Z',
          fingerprint: 'c3a0b2f1d4e5a6b7',
        },
      ],
    },
    reply: {
      kind: 'json',
      schema: webhookResult,
      description: 'How many alerts were recorded and how many were repeats.',
    },
    errors: ['INVALID_INPUT', 'TOO_LARGE'],
  }),
};
