export { EventLog, type NewEvent, type EventQuery } from './event-log';
export { createEventsHandlers } from './events-handlers';
export { AlertmanagerWebhook, type AlertmanagerPayload, type WebhookResult } from './alertmanager-webhook';
