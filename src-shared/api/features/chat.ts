import { z } from 'zod';
import { procedure, stream } from '../define';

export type ChatProviderId = 'ollama' | 'openai';

/** Timings and counts from the provider's final chunk (Ollama: durations in ns, shown in ms). */
export interface ChatStats {
  totalMs?: number;
  loadMs?: number;
  promptTokens?: number;
  promptMs?: number;
  evalTokens?: number;
  evalMs?: number;
  tokensPerSecond?: number;
}

export interface ChatMessage {
  id: number;
  role: 'system' | 'user' | 'assistant';
  content: string;
  model?: string;
  createdAt: number;
  stats?: ChatStats;
  /** The reply was stopped before the model finished. */
  stopped?: boolean;
}

/** One tool call the model asked for in a reply, as it ran (or did not). */
export interface ChatToolCall {
  id: string;
  /** The user message of the exchange it belongs to. */
  afterMessageId: number;
  serverId: string;
  server: string;
  tool: string;
  arguments: Record<string, unknown>;
  status: 'pending' | 'running' | 'done' | 'error' | 'denied' | 'cancelled' | 'timeout';
  /** How it was allowed: once, for the conversation, a read-only tool allowed by its server's setting; or denied. */
  decision?: 'once' | 'conversation' | 'read-only' | 'denied';
  /** What the model was given back (capped). */
  result?: string;
  /** Characters cut from the result to stay within the cap. */
  truncatedChars?: number;
  startedAt: number;
  durationMs?: number;
}

export interface ToolApprovalRequest {
  callId: string;
  serverId: string;
  server: string;
  tool: string;
  arguments: Record<string, unknown>;
  readOnly: boolean;
}

export interface Conversation {
  id: string;
  title: string;
  provider: ChatProviderId;
  model: string;
  systemPrompt: string;
  createdAt: number;
  updatedAt: number;
  messageCount: number;
  /** MCP servers whose tools the model may use in this conversation. */
  toolServers: string[];
  /** Tools allowed for the rest of the conversation, as `serverId/tool`. */
  allowedTools: string[];
}

export type ChatEvent =
  | { type: 'started'; conversation: Conversation; userMessage?: ChatMessage }
  | { type: 'token'; text: string }
  | { type: 'done'; message: ChatMessage }
  | { type: 'stopped'; message: ChatMessage }
  | { type: 'error'; code: string; message: string; hint?: string }
  /** The model asked for a tool; it runs once the user allows it (`chat:approve`). */
  | { type: 'tool-approval'; request: ToolApprovalRequest }
  /** A tool call started, or ended (status and result). */
  | { type: 'tool-call'; call: ChatToolCall };

export interface ProviderInfo {
  id: ChatProviderId;
  label: string;
  url: string;
  available: boolean;
  models: string[];
  error?: string;
}

/** The limits of one exchange, shared by the WebSocket's `chat:send` and `POST /api/v1/chat`. */
export const conversationId = z
  .string()
  .regex(/^[a-f0-9-]{36}$/, 'must be a conversation id (36 hex digits and dashes)');
export const chatProvider = z.enum(['ollama', 'openai']);
export const chatModel = z.string().min(1).max(300);
export const chatSystemPrompt = z.string().max(20_000);
export const chatContent = z.string().max(200_000);
const id = conversationId;
const serverIds = z.array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a server id')).max(32);

export const chatContract = {
  'chat:providers': procedure(z.object({}).strict()).returns<ProviderInfo[]>(),
  'chat:conversations': procedure(z.object({ query: z.string().max(200).optional() }).strict()).returns<
    Conversation[]
  >(),
  'chat:conversation': procedure(z.object({ id }).strict()).returns<{
    conversation: Conversation;
    messages: ChatMessage[];
    toolCalls: ChatToolCall[];
  }>(),
  /** Which MCP servers' tools the model may use in a stored conversation. */
  'chat:setTools': procedure(z.object({ id, servers: serverIds }).strict()).returns<Conversation>(),
  /** The user's answer to a `tool-approval` event. */
  'chat:approve': procedure(
    z.object({ callId: z.uuid(), decision: z.enum(['once', 'conversation', 'deny']) }).strict(),
  ).returns<{ decided: boolean }>(),
  'chat:rename': procedure(z.object({ id, title: z.string().trim().min(1).max(200) }).strict()).returns<Conversation>(),
  'chat:delete': procedure(z.object({ id }).strict()).returns<{ deleted: string }>(),
  'chat:export': procedure(z.object({ id, format: z.enum(['markdown', 'json']) }).strict()).returns<{
    filename: string;
    mimeType: string;
    content: string;
  }>(),
  'chat:stop': procedure(z.object({ id }).strict()).returns<{ stopped: boolean }>(),
  /** Sends a prompt (or regenerates the last reply) and streams the reply; unsubscribing stops it at the provider. */
  'chat:send': stream(
    z
      .object({
        conversationId: conversationId.optional(),
        provider: chatProvider.optional(),
        model: chatModel,
        systemPrompt: chatSystemPrompt.optional(),
        content: chatContent.optional(),
        regenerate: z.boolean().optional(),
        /** MCP servers whose tools the model may use (kept with the conversation). */
        toolServers: serverIds.optional(),
      })
      .strict(),
  ).emits<ChatEvent>(),
};
