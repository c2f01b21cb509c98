export { EventLog, type NewEvent, type EventQuery } from './event-log';
export { createEventsHandlers } from './events-handlers';
export { AlertmanagerWebhook, type AlertmanagerNotification, type WebhookResult } from './alertmanager-webhook';
