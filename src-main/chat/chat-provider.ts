import type { ChatStats } from '../../src-shared/api';

export interface ProviderMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** One model backend the chat can stream from (Ollama, or an OpenAI-compatible endpoint). */
export interface ChatProvider {
  readonly id: 'ollama' | 'openai';
  readonly label: string;
  url(): Promise<string>;
  listModels(): Promise<string[]>;
  /** Streams the reply into `onToken`; rejects with AbortError when `signal` aborts (the HTTP request is cancelled). */
  stream(
    model: string,
    messages: ProviderMessage[],
    signal: AbortSignal,
    onToken: (text: string) => void,
  ): Promise<ChatStats>;
}

export function nsToMs(ns: number | undefined): number | undefined {
  return typeof ns === 'number' ? Math.round(ns / 1e4) / 100 : undefined;
}
