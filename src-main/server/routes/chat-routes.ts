import type { z } from 'zod';
import { ApiError, isApiErrorShape, type ChatEvent, type ChatStats } from '../../../src-shared/api';
import type { chatFinalChunk, ChatRequest, chatTokenChunk } from '../../../src-shared/api/http';
import type { ChatService } from '../../chat';
import type { ModelService } from '../../models';
import type { HttpCallContext, HttpHandlers } from './bind-endpoint';

type FinalChunk = z.input<typeof chatFinalChunk>;
type TokenChunk = z.input<typeof chatTokenChunk>;

/**
 * `GET /api/v1/models` and `POST /api/v1/chat`: the chat answers Ollama-style NDJSON through the same
 * chat service as the app, so the exchange is stored; closing the request stops the reply at the provider.
 */
export function chatRoutes(chat: ChatService, models: ModelService): Pick<HttpHandlers, 'listModels' | 'chat'> {
  return {
    listModels: async () => ({ models: await models.list() }),
    chat: ({ body }, emit, ctx) => runChat(chat, body, emit, ctx),
  };
}

function runChat(
  chat: ChatService,
  body: ChatRequest,
  emit: (chunk: TokenChunk) => void,
  ctx: HttpCallContext,
): Promise<FinalChunk> {
  const user = body.messages[body.messages.length - 1]!;
  const system = body.messages.length > 1 ? body.messages[0]!.content : undefined;
  const streaming = body.stream !== false;
  const now = (): string => new Date().toISOString();
  let conversationId = '';
  let reply = '';
  return new Promise<FinalChunk>((resolve, reject) => {
    const onEvent = (e: ChatEvent): void => {
      if (e.type === 'started') conversationId = e.conversation.id;
      else if (e.type === 'token') {
        reply += e.text;
        emit({ model: body.model, created_at: now(), message: { role: 'assistant', content: e.text }, done: false });
      } else if (e.type === 'done' || e.type === 'stopped') {
        resolve({
          model: body.model,
          created_at: now(),
          message: { role: 'assistant', content: streaming ? '' : reply },
          done: true,
          done_reason: e.type === 'done' ? 'stop' : 'cancelled',
          conversation_id: conversationId,
          ...toOllamaTimings(e.message.stats),
        });
      } else if (e.type === 'error') {
        const shape = { code: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}) };
        reject(isApiErrorShape(shape) ? ApiError.from(shape) : new ApiError('INTERNAL', e.message, e.hint));
      }
    };
    const stop = chat.send(
      {
        model: body.model,
        content: user.content,
        ...(system !== undefined ? { systemPrompt: system } : {}),
        ...(body.conversation_id ? { conversationId: body.conversation_id } : {}),
        ...(body.provider ? { provider: body.provider } : {}),
        // Nobody is there to approve a tool call over this endpoint.
        noTools: true,
      },
      onEvent,
    );
    ctx.signal.addEventListener('abort', stop, { once: true });
  });
}

function toOllamaTimings(s: ChatStats | undefined): Partial<FinalChunk> {
  if (!s) return {};
  const ns = (ms: number | undefined) => (ms === undefined ? undefined : Math.round(ms * 1e6));
  const out: Record<string, number | undefined> = {
    total_duration: ns(s.totalMs),
    load_duration: ns(s.loadMs),
    prompt_eval_count: s.promptTokens,
    prompt_eval_duration: ns(s.promptMs),
    eval_count: s.evalTokens,
    eval_duration: ns(s.evalMs),
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}
