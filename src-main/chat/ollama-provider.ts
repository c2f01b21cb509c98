import type { ChatStats } from '../../src-shared/api';
import { ollamaError, validateModelName, type ModelService } from '../models';
import { nsToMs, type ChatProvider, type ProviderMessage } from './chat-provider';

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
  ): Promise<ChatStats> {
    validateModelName(model);
    const { ollama, url } = await this.models.client();
    let stats: ChatStats = {};
    try {
      signal.throwIfAborted();
      const iterator = await ollama.chat({ model, messages, stream: true });
      const abort = (): void => iterator.abort();
      signal.addEventListener('abort', abort, { once: true });
      if (signal.aborted) abort();
      try {
        for await (const chunk of iterator) {
          if (chunk.message?.content) onToken(chunk.message.content);
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
      return stats;
    } catch (err) {
      if (signal.aborted) throw Object.assign(new Error('stopped'), { name: 'AbortError' });
      throw ollamaError(err, url);
    }
  }
}
