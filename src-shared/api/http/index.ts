export * from './endpoint';
export * from './http-errors';
export * from './http-contract';
export * from './openapi';
export { chatRequest, chatFinalChunk, chatTokenChunk, type ChatRequest } from './chat-endpoints';
export { eventsQuery, appEvent } from './events-endpoints';
export { agentInfo } from './agents-endpoints';
export { installedModel } from './models-endpoints';
export { statusReply } from './system-endpoints';
export { actReply, actRequest, planRequest, actionResult } from './planner-endpoints';
export {
  alertmanagerNotification,
  webhookResult,
  type AlertmanagerNotification,
  type WebhookResult,
} from './alerts-endpoints';
