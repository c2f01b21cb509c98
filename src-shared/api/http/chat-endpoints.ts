import { z } from 'zod';
import { chatContent, chatModel, chatProvider, chatSystemPrompt, conversationId } from '../features/chat';
import { endpoint, ndjson } from './endpoint';
import { errorBody } from './http-errors';

const systemMessage = z.object({ role: z.literal('system'), content: chatSystemPrompt }).strict();
const userMessage = z
  .object({
    role: z.literal('user'),
    content: chatContent.refine((s) => s.trim() !== '', 'must not be empty'),
  })
  .strict();

/**
 * Ollama's /api/chat request as far as the app takes it: the model, an optional system message and
 * the user's message (earlier turns come from `conversation_id`, where the app keeps them).
 */
export const chatRequest = z
  .object({
    model: chatModel.describe('An installed model, e.g. tinyllama.'),
    messages: z
      .array(z.discriminatedUnion('role', [systemMessage, userMessage]))
      .min(1)
      .max(2)
      .superRefine((messages, ctx) => {
        const last = messages.length - 1;
        if (last < 0) return;
        if (messages[last]?.role !== 'user')
          ctx.addIssue({ code: 'custom', path: [last, 'role'], message: "the last message must be the user's" });
        if (last === 1 && messages[0]?.role !== 'system')
          ctx.addIssue({ code: 'custom', path: [0, 'role'], message: 'only a system message may come first' });
      })
      .describe(
        'A system message (optional), then the user’s message. To go on with a conversation, pass conversation_id.',
      ),
    conversation_id: conversationId.optional().describe('Continue this stored conversation.'),
    provider: chatProvider.optional().describe('ollama (default) or openai (the OpenAI-compatible endpoint).'),
    stream: z.boolean().optional().describe('false: one JSON answer instead of NDJSON lines.'),
  })
  .strict();

export type ChatRequest = z.output<typeof chatRequest>;

const isoTime = z.iso.datetime();
const nanoseconds = z.number().int().nonnegative();

export const chatTokenChunk = z
  .object({
    model: z.string(),
    created_at: isoTime,
    message: z.object({ role: z.literal('assistant'), content: z.string() }).strict(),
    done: z.literal(false),
  })
  .strict();

export const chatFinalChunk = z
  .object({
    model: z.string(),
    created_at: isoTime,
    message: z
      .object({
        role: z.literal('assistant'),
        content: z.string().describe('Empty when streamed; the whole reply otherwise.'),
      })
      .strict(),
    done: z.literal(true),
    done_reason: z.enum(['stop', 'cancelled']),
    conversation_id: conversationId.describe('Where the exchange is stored.'),
    total_duration: nanoseconds.optional(),
    load_duration: nanoseconds.optional(),
    prompt_eval_count: z.number().int().optional(),
    prompt_eval_duration: nanoseconds.optional(),
    eval_count: z.number().int().optional(),
    eval_duration: nanoseconds.optional(),
  })
  .strict();

export const chatEndpoints = {
  chat: endpoint({
    method: 'POST',
    path: '/api/v1/chat',
    tag: 'chat',
    summary: 'Ask a model; the reply streams as Ollama-style NDJSON and the exchange is stored',
    description:
      'Nothing is stored until the model answers. Closing the request stops the reply at the provider. ' +
      'An error after the first line ends the stream with one error line.',
    body: chatRequest,
    example: { model: 'tinyllama', messages: [{ role: 'user', content: 'Hello' }] },
    reply: ndjson({
      chunk: z.union([chatTokenChunk, chatFinalChunk, errorBody]),
      final: chatFinalChunk,
      streams: (body: ChatRequest) => body.stream !== false,
      description: 'Token chunks, then the final chunk with the timings (ns) and the conversation id.',
    }),
    errors: ['INVALID_INPUT', 'TOO_LARGE', 'NOT_FOUND', 'CONFLICT', 'UNAVAILABLE'],
  }),
};
