import type { AlertmanagerWebhook } from '../../events';
import type { HttpHandlers } from './bind-endpoint';

/** `POST /api/v1/alerts/alertmanager`: the monitoring profile's Alertmanager delivers its alerts here. */
export function alertsRoutes(webhook: AlertmanagerWebhook): Pick<HttpHandlers, 'alertmanagerWebhook'> {
  return {
    alertmanagerWebhook: ({ body }) => webhook.receive(body),
  };
}
