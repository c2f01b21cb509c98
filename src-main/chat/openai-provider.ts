import { ApiError, type ChatStats } from '../../src-shared/api';
import type Docker from 'dockerode';
import type { SettingsRepository } from '../store';
import { stackServiceUrl } from '../models';
import type { ChatProvider, ProviderMessage } from './chat-provider';

export const OPENAI_URL_SETTING = 'chat.openaiUrl';

export interface OpenAiProviderOptions {
  settings: SettingsRepository;
  env: NodeJS.ProcessEnv;
  /** To find the running stack's LiteLLM (service `litellm`, container port 4000). */
  docker?: Docker;
  project?: string;
}

/**
 * Any OpenAI-compatible endpoint (the stack's LiteLLM): GET /v1/models and the SSE stream of
 * POST /v1/chat/completions. URL from settings, SUTAZAI_OPENAI_URL, or the port the running
 * stack's litellm container publishes; the key, if any, from
 * SUTAZAI_OPENAI_API_KEY (sent as a bearer token, never stored or logged).
 */
export class OpenAiProvider implements ChatProvider {
  readonly id = 'openai' as const;
  readonly label = 'OpenAI-compatible';

  constructor(private readonly options: OpenAiProviderOptions) {}

  async url(): Promise<string> {
    const raw =
      this.options.settings.get<string>(OPENAI_URL_SETTING) ??
      this.options.env.SUTAZAI_OPENAI_URL ??
      (this.options.docker && this.options.project
        ? await stackServiceUrl(this.options.docker, this.options.project, 'litellm', 4000)
        : undefined) ??
      '';
    return raw.replace(/\/+$/, '').replace(/\/v1$/, '');
  }

  private headers(): Record<string, string> {
    const key = this.options.env.SUTAZAI_OPENAI_API_KEY;
    return { 'Content-Type': 'application/json', ...(key ? { Authorization: `Bearer ${key}` } : {}) };
  }

  private async base(): Promise<string> {
    const base = await this.url();
    if (!base)
      throw new ApiError(
        'UNAVAILABLE',
        'No OpenAI-compatible endpoint is set',
        "Set SUTAZAI_OPENAI_URL (e.g. the stack's LiteLLM at http://127.0.0.1:4000).",
      );
    return base;
  }

  async listModels(): Promise<string[]> {
    const base = await this.base();
    const res = await fetch(`${base}/v1/models`, { headers: this.headers(), signal: AbortSignal.timeout(5000) }).catch(
      (err: Error) => {
        throw new ApiError('UNAVAILABLE', `No answer from ${base}: ${err.message}`);
      },
    );
    if (!res.ok) throw new ApiError('UNAVAILABLE', `${base}/v1/models answered ${res.status}: ${await errorText(res)}`);
    const body = (await res.json()) as { data?: { id: string }[] };
    return (body.data ?? []).map((m) => m.id);
  }

  async stream(
    model: string,
    messages: ProviderMessage[],
    signal: AbortSignal,
    onToken: (text: string) => void,
  ): Promise<ChatStats> {
    const base = await this.base();
    const started = performance.now();
    let firstAt: number | undefined;
    let usage: { prompt_tokens?: number; completion_tokens?: number } | undefined;
    let chunks = 0;
    const res = await fetch(`${base}/v1/chat/completions`, {
      method: 'POST',
      headers: this.headers(),
      body: JSON.stringify({ model, messages, stream: true, stream_options: { include_usage: true } }),
      signal,
    }).catch((err: Error) => {
      if (signal.aborted) throw err;
      throw new ApiError('UNAVAILABLE', `No answer from ${base}: ${err.message}`);
    });
    if (!res.ok || !res.body) {
      throw new ApiError(
        res.status === 404 ? 'NOT_FOUND' : 'UNAVAILABLE',
        `${base}/v1/chat/completions answered ${res.status}: ${await errorText(res)}`,
      );
    }
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const part of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(part, { stream: true });
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (!line.startsWith('data:')) continue;
        const data = line.slice(5).trim();
        if (data === '[DONE]') continue;
        const event = JSON.parse(data) as {
          choices?: { delta?: { content?: string } }[];
          usage?: typeof usage;
          error?: { message?: string };
        };
        if (event.error) throw new ApiError('UNAVAILABLE', `${base}: ${event.error.message ?? 'error'}`);
        const text = event.choices?.[0]?.delta?.content;
        if (text) {
          firstAt ??= performance.now();
          chunks++;
          onToken(text);
        }
        if (event.usage) usage = event.usage;
      }
    }
    const end = performance.now();
    const evalTokens = usage?.completion_tokens ?? chunks;
    const evalMs = firstAt !== undefined ? round(end - firstAt) : undefined;
    return {
      totalMs: round(end - started),
      ...(firstAt !== undefined ? { promptMs: round(firstAt - started) } : {}),
      ...(usage?.prompt_tokens !== undefined ? { promptTokens: usage.prompt_tokens } : {}),
      evalTokens,
      ...(evalMs ? { evalMs, tokensPerSecond: round((evalTokens / evalMs) * 1000) } : {}),
    };
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

async function errorText(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { error?: { message?: string } | string };
    return typeof body.error === 'string' ? body.error : (body.error?.message ?? text);
  } catch {
    return text.slice(0, 200);
  }
}
