import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Small local servers that follow each agent platform's documented request and response shapes
 * (Flowise prediction, Langflow run, Letta messages, Dify chat-messages, n8n webhook). They echo
 * the prompt they received; `known` ids answer, others get the platform's 404; `boom` answers 500;
 * with `key` set, a request without `Authorization: Bearer <key>` (or x-api-key) gets 401.
 */
export interface AgentTestServer {
  baseUrl: string;
  requests: { path: string; body: unknown; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

type Platform = 'flowise' | 'langflow' | 'letta' | 'dify' | 'n8n';

export async function startAgentServer(
  platform: Platform,
  options: { known?: string; key?: string } = {},
): Promise<AgentTestServer> {
  const known = options.known ?? 'known';
  const requests: AgentTestServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      let body: unknown;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        return json(res, 400, { message: 'invalid JSON' });
      }
      const path = (req.url ?? '').split('?')[0]!;
      requests.push({ path, body, headers: req.headers });
      if (
        options.key &&
        req.headers.authorization !== `Bearer ${options.key}` &&
        req.headers['x-api-key'] !== options.key
      ) {
        return json(res, 401, { message: 'Unauthorized' });
      }
      const b = (body ?? {}) as Record<string, unknown>;
      const route = ROUTES[platform];
      const m = route.pattern.exec(path);
      if (req.method !== 'POST' || !m) return json(res, 404, { message: 'Cannot POST ' + path });
      if (m[1] === 'boom') return json(res, 500, { message: 'internal failure' });
      if (route.hasId && m[1] !== known) return json(res, 404, route.notFound(m[1]!));
      return json(res, 200, route.reply(b));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const ROUTES: Record<
  Platform,
  { pattern: RegExp; hasId: boolean; notFound: (id: string) => unknown; reply: (b: Record<string, unknown>) => unknown }
> = {
  flowise: {
    pattern: /^\/api\/v1\/prediction\/([^/]+)$/,
    hasId: true,
    notFound: (id) => ({ statusCode: 404, success: false, message: `Chatflow ${id} not found` }),
    reply: (b) => ({
      text: `flowise heard: ${String(b.question)}`,
      question: b.question,
      chatId: 'c1',
      chatMessageId: 'm1',
      sessionId: 's1',
    }),
  },
  langflow: {
    pattern: /^\/api\/v1\/run\/([^/]+)$/,
    hasId: true,
    notFound: (id) => ({ detail: `Flow identifier ${id} not found` }),
    reply: (b) => ({
      session_id: 's1',
      outputs: [
        {
          inputs: { input_value: b.input_value },
          outputs: [
            {
              results: {
                message: { text: `langflow heard: ${String(b.input_value)}`, sender: 'Machine', sender_name: 'AI' },
              },
            },
          ],
        },
      ],
    }),
  },
  letta: {
    pattern: /^\/v1\/agents\/([^/]+)\/messages$/,
    hasId: true,
    notFound: (id) => ({ detail: `Agent id=${id} not found` }),
    reply: (b) => {
      const content = ((b.messages as { content?: string }[] | undefined) ?? [])[0]?.content;
      return {
        messages: [
          { id: 'r1', message_type: 'reasoning_message', reasoning: 'The user said something.' },
          { id: 'a1', message_type: 'assistant_message', content: `letta heard: ${String(content)}` },
        ],
        usage: { completion_tokens: 5, prompt_tokens: 10, total_tokens: 15, step_count: 1 },
      };
    },
  },
  dify: {
    pattern: /^\/v1\/(chat-messages)$/,
    hasId: false,
    notFound: () => ({ code: 'not_found', message: 'Not found' }),
    reply: (b) => ({
      event: 'message',
      message_id: 'm1',
      conversation_id: 'c1',
      mode: 'chat',
      answer: `dify heard: ${String(b.query)} (user ${String(b.user)})`,
      metadata: {},
    }),
  },
  n8n: {
    pattern: /^\/webhook\/(.+)$/,
    hasId: true,
    notFound: (path) => ({ code: 404, message: `The requested webhook "POST ${path}" is not registered.` }),
    reply: (b) => [{ output: `n8n heard: ${String(b.prompt)}` }],
  },
};
