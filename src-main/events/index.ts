export { EventLog, type NewEvent, type EventQuery } from './event-log';
export { createEventsHandlers } from './events-handlers';
export { eventsRoutes } from './events-routes';
export { AlertmanagerWebhook, type AlertmanagerPayload, type WebhookResult } from './alertmanager-webhook';
