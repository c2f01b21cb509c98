import { ApiError, type ChatStats } from '../../src-shared/api';
import type Docker from 'dockerode';
import type { SettingsRepository } from '../store';
import { stackServiceUrl } from '../models';
import {
  noToolsMessage,
  type ChatProvider,
  type ProviderMessage,
  type ProviderReply,
  type ProviderTool,
  type ProviderToolCall,
} from './chat-provider';

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
    tools?: ProviderTool[],
  ): Promise<ProviderReply> {
    const base = await this.base();
    const calls = new Map<number, { id: string; name: string; args: string }>();
    const started = performance.now();
    let firstAt: number | undefined;
    let usage: { prompt_tokens?: number; completion_tokens?: number } | undefined;
    let chunks = 0;
    const res = await fetch(`${base}/v1/chat/completions`, {
      method: 'POST',
      headers: this.headers(),
      body: JSON.stringify({
        model,
        messages: messages.map(toOpenAiMessage),
        stream: true,
        stream_options: { include_usage: true },
        ...(tools?.length
          ? {
              tools: tools.map((t) => ({
                type: 'function',
                function: { name: t.name, description: t.description, parameters: t.parameters },
              })),
            }
          : {}),
      }),
      signal,
    }).catch((err: Error) => {
      if (signal.aborted) throw err;
      throw new ApiError('UNAVAILABLE', `No answer from ${base}: ${err.message}`);
    });
    if (!res.ok || !res.body) {
      const text = await errorText(res);
      if (tools?.length && res.status === 400 && /does not support tools/i.test(text)) {
        const { message, hint } = noToolsMessage(model);
        throw new ApiError('INVALID_INPUT', `${message} (${base}: ${text})`, hint);
      }
      throw new ApiError(
        res.status === 404 ? 'NOT_FOUND' : 'UNAVAILABLE',
        `${base}/v1/chat/completions answered ${res.status}: ${text}`,
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
          choices?: { delta?: { content?: string | null; tool_calls?: ToolCallDelta[] } }[];
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
        for (const d of event.choices?.[0]?.delta?.tool_calls ?? []) {
          const c = calls.get(d.index) ?? { id: '', name: '', args: '' };
          if (d.id) c.id = d.id;
          if (d.function?.name) c.name += d.function.name;
          if (d.function?.arguments) c.args += d.function.arguments;
          calls.set(d.index, c);
        }
        if (event.usage) usage = event.usage;
      }
    }
    const end = performance.now();
    const evalTokens = usage?.completion_tokens ?? chunks;
    const evalMs = firstAt !== undefined ? round(end - firstAt) : undefined;
    const stats: ChatStats = {
      totalMs: round(end - started),
      ...(firstAt !== undefined ? { promptMs: round(firstAt - started) } : {}),
      ...(usage?.prompt_tokens !== undefined ? { promptTokens: usage.prompt_tokens } : {}),
      evalTokens,
      ...(evalMs ? { evalMs, tokensPerSecond: round((evalTokens / evalMs) * 1000) } : {}),
    };
    return { stats, toolCalls: [...calls.entries()].sort(([a], [b]) => a - b).map(([, c]) => toCall(c, base)) };
  }
}

interface ToolCallDelta {
  index: number;
  id?: string;
  function?: { name?: string; arguments?: string };
}

function toCall(c: { id: string; name: string; args: string }, base: string): ProviderToolCall {
  let args: unknown;
  try {
    args = c.args.trim() ? JSON.parse(c.args) : {};
  } catch {
    throw new ApiError(
      'UNAVAILABLE',
      `${base}: the model asked for ${c.name} with arguments that are not JSON: ${c.args.slice(0, 200)}`,
    );
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    throw new ApiError('UNAVAILABLE', `${base}: the model asked for ${c.name} with arguments that are not an object`);
  }
  return { id: c.id || `call_${c.name}`, name: c.name, arguments: args as Record<string, unknown> };
}

function toOpenAiMessage(m: ProviderMessage): Record<string, unknown> {
  if (m.role === 'tool') return { role: 'tool', tool_call_id: m.toolCallId, content: m.content };
  if (m.role === 'assistant' && m.toolCalls?.length) {
    return {
      role: 'assistant',
      content: m.content || null,
      tool_calls: m.toolCalls.map((c) => ({
        id: c.id,
        type: 'function',
        function: { name: c.name, arguments: JSON.stringify(c.arguments) },
      })),
    };
  }
  return { role: m.role, content: m.content };
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
