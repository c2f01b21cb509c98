export type { ChatProvider, ProviderMessage } from './chat-provider';
export { OllamaProvider } from './ollama-provider';
export { OpenAiProvider, OPENAI_URL_SETTING } from './openai-provider';
export { ConversationRepository } from './conversation-repository';
export { conversationToMarkdown, conversationToJson } from './conversation-export';
export { ChatService, type SendInput } from './chat-service';
export { createChatHandlers } from './chat-handlers';
