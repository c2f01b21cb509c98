import type { ChatStats } from '../../src-shared/api';

/** A call the model asked for: the tool's name as the model was given it, and its arguments. */
export interface ProviderToolCall {
  /** The provider's id for the call (OpenAI's `tool_calls[].id`); made up where the provider gives none. */
  id: string;
  name: string;
  arguments: Record<string, unknown>;
}

export type ProviderMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: ProviderToolCall[] }
  | { role: 'tool'; content: string; toolName: string; toolCallId: string };

/** A tool offered to the model: a function with a JSON Schema for its arguments. */
export interface ProviderTool {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export interface ProviderReply {
  stats: ChatStats;
  /** The calls the model asked for instead of (or besides) answering; empty when it answered. */
  toolCalls: ProviderToolCall[];
}

/** One model backend the chat can stream from (Ollama, or an OpenAI-compatible endpoint). */
export interface ChatProvider {
  readonly id: 'ollama' | 'openai';
  readonly label: string;
  url(): Promise<string>;
  listModels(): Promise<string[]>;
  /**
   * Streams the reply into `onToken`, offering `tools` when given; rejects with AbortError when
   * `signal` aborts (the HTTP request is cancelled). A model that cannot use tools is an
   * INVALID_INPUT error that says so.
   */
  stream(
    model: string,
    messages: ProviderMessage[],
    signal: AbortSignal,
    onToken: (text: string) => void,
    tools?: ProviderTool[],
  ): Promise<ProviderReply>;
}

export function nsToMs(ns: number | undefined): number | undefined {
  return typeof ns === 'number' ? Math.round(ns / 1e4) / 100 : undefined;
}

/** The error for a model its server says cannot use tools. */
export function noToolsMessage(model: string): { message: string; hint: string } {
  return {
    message: `${model} does not support tools, so it cannot use the MCP servers chosen for this conversation`,
    hint: 'Pick a model that supports tools (such as qwen2.5 or llama3.1), or turn the tools off for this conversation.',
  };
}
