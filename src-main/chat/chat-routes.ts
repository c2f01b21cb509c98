import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, type ChatEvent, type ChatStats } from '../../src-shared/api';
import { sendJson, type HttpRoute } from '../server/http-routes';
import type { ModelService } from '../models';
import type { ChatService } from './chat-service';

const STATUS: Record<string, number> = { INVALID_INPUT: 400, NOT_FOUND: 404, CONFLICT: 409, UNAVAILABLE: 503, TIMEOUT: 504 };

/**
 * The local API: `POST /api/v1/chat` answers Ollama-style NDJSON chunks (the last has done:true
 * with the timings in ns) through the same chat service as the app, so the exchange is stored;
 * `GET /api/v1/models` lists the installed models. Closing the request stops the reply at Ollama.
 */
export function chatRoutes(chat: ChatService, models: ModelService): HttpRoute[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/models',
      handle: async (_req, res) => {
        try {
          sendJson(res, 200, { models: await models.list() });
        } catch (err) {
          sendError(res, err);
        }
      },
    },
    { method: 'POST', path: '/api/v1/chat', handle: (req, res) => handleChat(chat, req, res) },
  ];
}

async function handleChat(chat: ChatService, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let body: { model?: unknown; messages?: unknown; conversation_id?: unknown; provider?: unknown; stream?: unknown };
  try {
    body = JSON.parse(await readBody(req)) as typeof body;
  } catch {
    return sendJson(res, 400, { error: 'the body must be JSON: {"model": "...", "messages": [{"role": "user", "content": "..."}]}' });
  }
  if (typeof body.model !== 'string' || !body.model) return sendJson(res, 400, { error: 'model is required' });
  const messages = Array.isArray(body.messages) ? (body.messages as { role?: string; content?: string }[]) : [];
  const last = messages[messages.length - 1];
  if (!last || last.role !== 'user' || typeof last.content !== 'string') return sendJson(res, 400, { error: 'messages must end with a user message' });
  const system = messages.find((m) => m.role === 'system')?.content;
  const model = body.model;
  const streaming = body.stream !== false;
  let conversationId = '';
  let reply = '';
  let stop: (() => void) | undefined;
  const finished = new Promise<void>((resolve) => {
    const onEvent = (e: ChatEvent): void => {
      if (e.type === 'started') conversationId = e.conversation.id;
      else if (e.type === 'token') {
        reply += e.text;
        if (streaming) writeChunk(res, { model, created_at: new Date().toISOString(), message: { role: 'assistant', content: e.text }, done: false });
      } else if (e.type === 'done' || e.type === 'stopped') {
        const final = {
          model,
          created_at: new Date().toISOString(),
          message: { role: 'assistant', content: streaming ? '' : reply },
          done: true,
          done_reason: e.type === 'done' ? 'stop' : 'cancelled',
          conversation_id: conversationId,
          ...toOllamaTimings(e.message.stats),
        };
        if (streaming) res.end(JSON.stringify(final) + '\n');
        else sendJson(res, 200, final);
        resolve();
      } else if (e.type === 'error') {
        if (!res.headersSent) sendJson(res, STATUS[e.code] ?? 500, { error: e.message, ...(e.hint ? { hint: e.hint } : {}) });
        else res.end(JSON.stringify({ error: e.message }) + '\n');
        resolve();
      }
    };
    stop = chat.send(
      {
        model,
        content: last.content!,
        ...(typeof system === 'string' ? { systemPrompt: system } : {}),
        ...(typeof body.conversation_id === 'string' ? { conversationId: body.conversation_id } : {}),
        ...(body.provider === 'openai' ? { provider: 'openai' as const } : {}),
      },
      onEvent,
    );
  });
  res.on('close', () => {
    if (!res.writableFinished) stop?.();
  });
  await finished;
}

function writeChunk(res: ServerResponse, chunk: unknown): void {
  if (!res.headersSent) res.writeHead(200, { 'Content-Type': 'application/x-ndjson', 'Cache-Control': 'no-store' });
  res.write(JSON.stringify(chunk) + '\n');
}

function toOllamaTimings(s: ChatStats | undefined): Record<string, number> {
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
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as Record<string, number>;
}

function sendError(res: ServerResponse, err: unknown): void {
  const e = err instanceof ApiError ? err : new ApiError('INTERNAL', (err as Error).message);
  sendJson(res, STATUS[e.code] ?? 500, { error: e.message, ...(e.hint ? { hint: e.hint } : {}) });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 1_000_000) throw new Error('too large');
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
