import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { requestedCalls, toolReplyWords } from './ollama-api-server';

/**
 * A test fixture for OpenAI-compatible endpoints (what LiteLLM serves): GET /v1/models and
 * POST /v1/chat/completions as an SSE stream of chat.completion.chunk objects ending with a usage
 * chunk and `data: [DONE]`. Its replies are fixed text it makes up; it runs no model. Tool calling as
 * OpenAI's API defines it: with `tools`, a user message saying `call <tool> {json}` is answered with
 * streamed `delta.tool_calls` (id, name, then the arguments string in pieces) and `finish_reason:
 * "tool_calls"`; after a `tool` message the reply quotes its content. Models named in `noTools`
 * answer a request with tools 400 "... does not support tools", as Ollama's endpoint does.
 */
export interface OpenAiApiServer {
  url: string;
  aborts: number;
  authorizations: (string | undefined)[];
  /** The body of every chat request, in order. */
  chats: Record<string, unknown>[];
  close(): Promise<void>;
}

export async function startOpenAiApiServer(
  options: { models?: string[]; tokenDelayMs?: number; words?: number; noTools?: string[] } = {},
): Promise<OpenAiApiServer> {
  const models = options.models ?? ['tinyllama', 'gpt-fixture'];
  const delay = options.tokenDelayMs ?? 5;
  const state = { aborts: 0, authorizations: [] as (string | undefined)[], chats: [] as Record<string, unknown>[] };
  const server = createServer((req, res) => {
    state.authorizations.push(req.headers.authorization);
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method === 'GET' && path === '/v1/models') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          object: 'list',
          data: models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'fixture' })),
        }),
      );
      return;
    }
    if (req.method === 'POST' && path === '/v1/chat/completions') {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        const body = JSON.parse(raw || '{}') as {
          model?: string;
          messages?: { role: string; content: string | null }[];
          tools?: { function?: { name?: string } }[];
        };
        state.chats.push(body);
        if (!body.model || !models.includes(body.model)) {
          res.writeHead(404, { 'Content-Type': 'application/json' });
          res.end(
            JSON.stringify({ error: { message: `model ${body.model} not found`, type: 'invalid_request_error' } }),
          );
          return;
        }
        const tools = body.tools ?? [];
        if (tools.length && options.noTools?.includes(body.model)) {
          res.writeHead(400, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ error: { message: `${body.model} does not support tools`, type: 'api_error' } }));
          return;
        }
        const last = body.messages?.at(-1);
        const prompt = last?.content ?? '';
        const offered = new Set(tools.map((t) => t.function?.name));
        const calls = last?.role === 'user' ? requestedCalls(prompt).filter((c) => offered.has(c.function.name)) : [];
        const words =
          last?.role === 'tool'
            ? toolReplyWords('the tool', prompt)
            : calls.length
              ? []
              : [
                  `Fixture reply to "${prompt}":`,
                  ...Array.from({ length: options.words ?? 6 }, (_, i) => ` w${i + 1}`),
                ];
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
        let i = 0;
        let finished = false;
        res.on('close', () => {
          if (!finished) state.aborts++;
        });
        const chunk = (delta: object, extra: object = {}) =>
          `data: ${JSON.stringify({ id: 'chatcmpl-fixture', object: 'chat.completion.chunk', created: 0, model: body.model, choices: [{ index: 0, delta, finish_reason: null }], ...extra })}\n\n`;
        const tick = (): void => {
          if (res.destroyed) return;
          if (i < words.length) {
            res.write(chunk({ content: words[i++] }));
            setTimeout(tick, delay);
            return;
          }
          calls.forEach((c, index) => {
            const args = JSON.stringify(c.function.arguments);
            const half = Math.floor(args.length / 2);
            res.write(
              chunk({
                tool_calls: [
                  {
                    index,
                    id: `call_${index}_${c.function.name}`,
                    type: 'function',
                    function: { name: c.function.name, arguments: '' },
                  },
                ],
              }),
            );
            res.write(chunk({ tool_calls: [{ index, function: { arguments: args.slice(0, half) } }] }));
            res.write(chunk({ tool_calls: [{ index, function: { arguments: args.slice(half) } }] }));
          });
          if (calls.length) {
            res.write(
              `data: ${JSON.stringify({ id: 'chatcmpl-fixture', object: 'chat.completion.chunk', created: 0, model: body.model, choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] })}\n\n`,
            );
          }
          res.write(
            `data: ${JSON.stringify({ id: 'chatcmpl-fixture', object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: 3, completion_tokens: words.length, total_tokens: words.length + 3 } })}\n\n`,
          );
          finished = true;
          res.end('data: [DONE]\n\n');
        };
        res.write(chunk({ role: 'assistant', content: '' }));
        setTimeout(tick, delay);
      });
      return;
    }
    res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    get aborts() {
      return state.aborts;
    },
    authorizations: state.authorizations,
    chats: state.chats,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
