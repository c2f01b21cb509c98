export type { ChatProvider, ProviderMessage, ProviderTool, ProviderToolCall } from './chat-provider';
export {
  DEFAULT_TOOL_LIMITS,
  capResult,
  nameTools,
  type OfferedTool,
  type ToolHost,
  type ToolLimits,
  type ToolResult,
} from './chat-tools';
export { ToolCallRepository } from './tool-call-repository';
export { OllamaProvider } from './ollama-provider';
export { OpenAiProvider, OPENAI_URL_SETTING } from './openai-provider';
export { ConversationRepository } from './conversation-repository';
export { conversationToMarkdown, conversationToJson } from './conversation-export';
export { ChatService, type ChatToolsOptions, type SendInput } from './chat-service';
export { createChatHandlers } from './chat-handlers';
