import { randomUUID } from 'node:crypto';
import type { Message, Tool } from 'ollama';
import { ApiError, type ChatStats } from '../../src-shared/api';
import { ollamaError, validateModelName, type ModelService } from '../models';
import {
  noToolsMessage,
  nsToMs,
  type ChatProvider,
  type ProviderMessage,
  type ProviderReply,
  type ProviderTool,
  type ProviderToolCall,
} from './chat-provider';

/** Chat through the `ollama` client's /api/chat stream; the final done chunk carries the timings. */
export class OllamaProvider implements ChatProvider {
  readonly id = 'ollama' as const;
  readonly label = 'Ollama';

  constructor(private readonly models: ModelService) {}

  async url(): Promise<string> {
    return (await this.models.endpoint()).url;
  }

  async listModels(): Promise<string[]> {
    return (await this.models.list()).map((m) => m.name);
  }

  async stream(
    model: string,
    messages: ProviderMessage[],
    signal: AbortSignal,
    onToken: (text: string) => void,
    tools?: ProviderTool[],
  ): Promise<ProviderReply> {
    validateModelName(model);
    const { ollama, url } = await this.models.client();
    let stats: ChatStats = {};
    const toolCalls: ProviderToolCall[] = [];
    try {
      signal.throwIfAborted();
      const iterator = await ollama.chat({
        model,
        messages: messages.map(toOllamaMessage),
        stream: true,
        ...(tools?.length ? { tools: tools.map(toOllamaTool) } : {}),
      });
      const abort = (): void => iterator.abort();
      signal.addEventListener('abort', abort, { once: true });
      if (signal.aborted) abort();
      try {
        for await (const chunk of iterator) {
          if (chunk.message?.content) onToken(chunk.message.content);
          for (const call of chunk.message?.tool_calls ?? []) {
            toolCalls.push({ id: randomUUID(), name: call.function.name, arguments: call.function.arguments ?? {} });
          }
          if (chunk.done) {
            const evalMs = nsToMs(chunk.eval_duration);
            stats = {
              totalMs: nsToMs(chunk.total_duration),
              loadMs: nsToMs(chunk.load_duration),
              promptTokens: chunk.prompt_eval_count,
              promptMs: nsToMs(chunk.prompt_eval_duration),
              evalTokens: chunk.eval_count,
              evalMs,
              ...(evalMs && chunk.eval_count
                ? { tokensPerSecond: Math.round((chunk.eval_count / evalMs) * 1e5) / 100 }
                : {}),
            };
          }
        }
      } finally {
        signal.removeEventListener('abort', abort);
      }
      signal.throwIfAborted();
      return { stats, toolCalls };
    } catch (err) {
      if (signal.aborted) throw Object.assign(new Error('stopped'), { name: 'AbortError' });
      const e = err as { status_code?: number; error?: string; message?: string };
      if (tools?.length && e?.status_code === 400 && /does not support tools/i.test(e.error ?? e.message ?? '')) {
        const { message, hint } = noToolsMessage(model);
        throw new ApiError('INVALID_INPUT', `${message} (Ollama at ${url}: ${e.error ?? e.message})`, hint);
      }
      throw ollamaError(err, url);
    }
  }
}

function toOllamaMessage(m: ProviderMessage): Message {
  if (m.role === 'tool') return { role: 'tool', content: m.content, tool_name: m.toolName };
  if (m.role === 'assistant' && m.toolCalls?.length) {
    return {
      role: 'assistant',
      content: m.content,
      tool_calls: m.toolCalls.map((c) => ({ function: { name: c.name, arguments: c.arguments } })),
    };
  }
  return { role: m.role, content: m.content };
}

function toOllamaTool(t: ProviderTool): Tool {
  return {
    type: 'function',
    function: { name: t.name, description: t.description, parameters: t.parameters as Tool['function']['parameters'] },
  };
}
