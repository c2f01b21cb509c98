import { ApiError } from '../../src-shared/api';
import type { AgentPlatform } from '../../src-shared/api';

export interface AdapterCall {
  baseUrl: string;
  target: string;
  prompt: string;
  apiKey?: string;
  signal?: AbortSignal;
}

export interface Adapter {
  platform: AgentPlatform;
  /** The port the platform listens on inside its container. */
  containerPort: number;
  /** What the target is, for the user. */
  target: string;
  targetExample: string;
  needsKey: boolean;
  send(call: AdapterCall): Promise<{ text: string; status: number }>;
}

const NAMES: Record<AgentPlatform, string> = {
  flowise: 'Flowise',
  langflow: 'Langflow',
  letta: 'Letta',
  dify: 'Dify',
  n8n: 'n8n',
  other: 'The agent',
};

async function post(
  platform: AgentPlatform,
  url: string,
  body: unknown,
  headers: Record<string, string>,
  signal?: AbortSignal,
  target?: string,
): Promise<{ json: unknown; text: string; status: number }> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      ...(signal ? { signal } : {}),
    });
  } catch (err) {
    throw new ApiError(
      'UNAVAILABLE',
      `${NAMES[platform]} did not answer at ${new URL(url).origin}: ${(err as Error).message}`,
      'Start its profile (agents) on the Stack page and wait until it is healthy.',
    );
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (res.status === 401 || res.status === 403) {
    throw new ApiError(
      'UNAUTHORIZED',
      `${NAMES[platform]} refused the request (HTTP ${res.status})`,
      `Set ${NAMES[platform]}'s API key with Configure.`,
    );
  }
  if (res.status === 404) {
    throw new ApiError(
      'NOT_FOUND',
      `${NAMES[platform]} has no ${target ? `'${target}'` : 'such target'} (HTTP 404)`,
      `Open ${NAMES[platform]}'s UI, copy the id, and set it with Configure.`,
    );
  }
  if (!res.ok) {
    const detail =
      (json as { message?: string; detail?: unknown; error?: string } | undefined)?.message ??
      (json as { error?: string })?.error ??
      text.slice(0, 200);
    throw new ApiError(
      'UNAVAILABLE',
      `${NAMES[platform]} failed (HTTP ${res.status}): ${typeof detail === 'string' ? detail : JSON.stringify(detail)}`,
    );
  }
  return { json, text, status: res.status };
}

function bearer(key?: string): Record<string, string> {
  return key ? { authorization: `Bearer ${key}` } : {};
}

function unexpected(platform: AgentPlatform): never {
  throw new ApiError('UNAVAILABLE', `${NAMES[platform]} answered in a shape the app does not know`);
}

/** Flowise: POST /api/v1/prediction/{chatflowId} {question} → {text}. */
export const flowise: Adapter = {
  platform: 'flowise',
  containerPort: 3000,
  target: 'chatflow id',
  targetExample: 'a0b1c2d3-…',
  needsKey: false,
  async send({ baseUrl, target, prompt, apiKey, signal }) {
    const r = await post(
      'flowise',
      `${baseUrl}/api/v1/prediction/${target}`,
      { question: prompt },
      bearer(apiKey),
      signal,
      target,
    );
    const text = (r.json as { text?: unknown })?.text;
    return typeof text === 'string' ? { text, status: r.status } : unexpected('flowise');
  },
};

/** Langflow: POST /api/v1/run/{flowId} {input_value, input_type, output_type} → outputs[0].outputs[0].results.message. */
export const langflow: Adapter = {
  platform: 'langflow',
  containerPort: 7860,
  target: 'flow id',
  targetExample: 'f1e2d3c4-…',
  needsKey: false,
  async send({ baseUrl, target, prompt, apiKey, signal }) {
    const r = await post(
      'langflow',
      `${baseUrl}/api/v1/run/${target}?stream=false`,
      { input_value: prompt, input_type: 'chat', output_type: 'chat' },
      apiKey ? { 'x-api-key': apiKey } : {},
      signal,
      target,
    );
    const message = (
      r.json as {
        outputs?: { outputs?: { results?: { message?: { text?: unknown; data?: { text?: unknown } } } }[] }[];
      }
    )?.outputs?.[0]?.outputs?.[0]?.results?.message;
    const text = message?.text ?? message?.data?.text;
    return typeof text === 'string' ? { text, status: r.status } : unexpected('langflow');
  },
};

/** Letta: POST /v1/agents/{agentId}/messages {messages:[{role, content}]} → assistant_message items. */
export const letta: Adapter = {
  platform: 'letta',
  containerPort: 8283,
  target: 'agent id',
  targetExample: 'agent-1a2b…',
  needsKey: true,
  async send({ baseUrl, target, prompt, apiKey, signal }) {
    const r = await post(
      'letta',
      `${baseUrl}/v1/agents/${target}/messages`,
      { messages: [{ role: 'user', content: prompt }] },
      bearer(apiKey),
      signal,
      target,
    );
    const messages = (
      r.json as { messages?: { message_type?: string; content?: unknown; assistant_message?: unknown }[] }
    )?.messages;
    if (!Array.isArray(messages)) unexpected('letta');
    const parts = messages
      .filter((m) => m.message_type === 'assistant_message')
      .map((m) =>
        typeof m.content === 'string' ? m.content : typeof m.assistant_message === 'string' ? m.assistant_message : '',
      );
    return { text: parts.join('\n'), status: r.status };
  },
};

/** Dify: POST /v1/chat-messages {inputs, query, response_mode: blocking, user} with the app's key → {answer}. */
export const dify: Adapter = {
  platform: 'dify',
  containerPort: 5001,
  target: 'user id (any name)',
  targetExample: 'sutazai',
  needsKey: true,
  async send({ baseUrl, target, prompt, apiKey, signal }) {
    const r = await post(
      'dify',
      `${baseUrl}/v1/chat-messages`,
      { inputs: {}, query: prompt, response_mode: 'blocking', user: target || 'sutazai' },
      bearer(apiKey),
      signal,
    );
    const answer = (r.json as { answer?: unknown })?.answer;
    return typeof answer === 'string' ? { text: answer, status: r.status } : unexpected('dify');
  },
};

/** n8n: POST /webhook/{path} {prompt} → the workflow's response (JSON output/text/reply, or plain text). */
export const n8n: Adapter = {
  platform: 'n8n',
  containerPort: 5678,
  target: 'webhook path',
  targetExample: 'ask-agent',
  needsKey: false,
  async send({ baseUrl, target, prompt, apiKey, signal }) {
    const r = await post(
      'n8n',
      `${baseUrl}/webhook/${target}`,
      { prompt },
      apiKey ? { 'x-api-key': apiKey } : {},
      signal,
      target,
    );
    const j = (Array.isArray(r.json) ? r.json[0] : r.json) as Record<string, unknown> | undefined;
    const text = j?.output ?? j?.text ?? j?.reply ?? j?.response;
    if (typeof text === 'string') return { text, status: r.status };
    return { text: r.json === undefined ? r.text : JSON.stringify(r.json), status: r.status };
  },
};

export const ADAPTERS: Partial<Record<AgentPlatform, Adapter>> = { flowise, langflow, letta, dify, n8n };

/** Which platform a service is, from its service name or image. */
export function platformOf(service: string, image: string): AgentPlatform {
  const s = `${service} ${image}`.toLowerCase();
  for (const p of ['flowise', 'langflow', 'letta', 'dify', 'n8n'] as const) if (s.includes(p)) return p;
  return 'other';
}
