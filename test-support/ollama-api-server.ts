import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A test fixture that speaks Ollama's documented HTTP API (docs/api.md of ollama/ollama):
 * /api/tags, /api/show, /api/pull (NDJSON progress, resumable), /api/delete, /api/chat (NDJSON
 * stream with a final done chunk, or one JSON answer), /api/generate's load and unload forms, /api/ps, /api/version, and errors as
 * {"error": "..."}. Tool calling as Ollama documents it: a request with `tools` to a model without the
 * tools capability gets 400 "... does not support tools"; otherwise, when the user's last message says
 * `call <tool> {json arguments}` for a tool it was offered, the reply is that call in `message.tool_calls`
 * (streamed in a chunk before the final one, or in the one JSON answer), and after a `tool` message the
 * reply quotes what the tool returned. Options make it a thinner compatible server: routes it lacks, fields it leaves out. Its replies are fixed text it makes up itself ("fixture reply ..."): it runs
 * no model and is never used by the product. It records aborted requests so tests can check that
 * Stop reached the server.
 */
export interface FixtureLayer {
  digest: string;
  size: number;
}

export interface FixtureModel {
  name: string;
  family: string;
  parameterSize: string;
  quantization: string;
  layers: FixtureLayer[];
  /** The model has Ollama's `tools` capability. */
  tools?: boolean;
}

export interface OllamaApiServerOptions {
  /** Models installed at start (by full name, e.g. "tinyllama:latest"). */
  installed?: string[];
  /** Models the fixture "registry" can pull (the installed ones must be among them). */
  catalog?: FixtureModel[];
  /** Delay between streamed chat tokens. */
  tokenDelayMs?: number;
  /** Tokens in each reply after the echo of the prompt. */
  replyTokens?: number;
  /** Bytes sent per pull progress line and the delay between lines. */
  pullChunkBytes?: number;
  pullDelayMs?: number;
  /** Called right after each chat token is written (benchmarks stamp the chunks with it). */
  onChatChunk?: (index: number, time: number) => void;
  /** Paths answered 404 as by a server that lacks them (e.g. `/api/ps` on some Ollama-compatible servers). */
  missingRoutes?: string[];
  /** Fields left out of each `/api/tags` entry (e.g. `modified_at`), as some compatible servers send them. */
  omitTagFields?: ('modified_at' | 'size' | 'details')[];
  /** Models in memory at start (installed ones, by full name). */
  loaded?: string[];
  /** What `/api/ps` reports a loaded model takes (`size`) and holds in VRAM (`size_vram`); default: its file size, none in VRAM. */
  loadedSizes?: Record<string, { size: number; sizeVram: number }>;
}

export interface AbortRecord {
  path: string;
  model: string;
  /** Tokens (chat) or bytes (pull) sent before the client went away. */
  sent: number;
  time: number;
}

export interface OllamaApiServer {
  url: string;
  port: number;
  aborts: AbortRecord[];
  requests: { method: string; path: string }[];
  /** The body of every /api/chat request, in order (to check what the app sent the model). */
  chats: Record<string, unknown>[];
  /** Bytes already downloaded per layer digest: what a re-pull resumes from. */
  partial: Map<string, number>;
  /** Each layer a pull continued from bytes already downloaded, and from where. */
  resumes: { digest: string; from: number }[];
  setTokenDelay(ms: number): void;
  /** Streamed chat replies break off with an error line after this many tokens (as Ollama does when a runner dies); undefined: never. */
  setFailAfterTokens(tokens: number | undefined): void;
  close(): Promise<void>;
}

export function digestOf(seed: string): string {
  return 'sha256:' + createHash('sha256').update(seed).digest('hex');
}

export const FIXTURE_CATALOG: FixtureModel[] = [
  {
    name: 'tinyllama:latest',
    family: 'llama',
    parameterSize: '1B',
    quantization: 'Q4_0',
    layers: [
      { digest: digestOf('tinyllama-weights'), size: 637_000_000 },
      { digest: digestOf('tinyllama-template'), size: 98 },
      { digest: digestOf('tinyllama-params'), size: 110 },
    ],
  },
  {
    name: 'qwen2.5:0.5b',
    family: 'qwen2',
    parameterSize: '494.03M',
    quantization: 'Q4_K_M',
    tools: true,
    layers: [
      { digest: digestOf('qwen-weights'), size: 397_000_000 },
      { digest: digestOf('qwen-template'), size: 1_482 },
    ],
  },
];

export function fullName(name: string): string {
  const last = name.split('/').pop() ?? name;
  return last.includes(':') ? name : `${name}:latest`;
}

export async function startOllamaApiServer(options: OllamaApiServerOptions = {}): Promise<OllamaApiServer> {
  const catalog = new Map((options.catalog ?? FIXTURE_CATALOG).map((m) => [m.name, m]));
  const installed = new Map<string, { model: FixtureModel; modifiedAt: string }>();
  for (const name of options.installed ?? []) {
    const model = catalog.get(fullName(name));
    if (!model) throw new Error(`fixture: ${name} is not in the catalog`);
    installed.set(model.name, { model, modifiedAt: new Date().toISOString() });
  }
  const loaded = new Set<string>(options.loaded ?? []);
  let tokenDelay = options.tokenDelayMs ?? 20;
  let failAfterTokens: number | undefined;
  const replyTokens = options.replyTokens ?? 12;
  const chunkBytes = options.pullChunkBytes ?? 64_000_000;
  const pullDelay = options.pullDelayMs ?? 30;
  const aborts: AbortRecord[] = [];
  const requests: { method: string; path: string }[] = [];
  const chats: Record<string, unknown>[] = [];
  const partial = new Map<string, number>();
  const resumes: { digest: string; from: number }[] = [];

  const sizeOf = (m: FixtureModel): number => m.layers.reduce((s, l) => s + l.size, 0);
  const details = (m: FixtureModel) => ({
    parent_model: '',
    format: 'gguf',
    family: m.family,
    families: [m.family],
    parameter_size: m.parameterSize,
    quantization_level: m.quantization,
  });
  const entry = (m: FixtureModel, modifiedAt: string) => ({
    name: m.name,
    model: m.name,
    modified_at: modifiedAt,
    size: sizeOf(m),
    digest: digestOf(m.name).slice(7),
    details: details(m),
  });
  const tagEntry = (m: FixtureModel, modifiedAt: string): Record<string, unknown> => {
    const e: Record<string, unknown> = entry(m, modifiedAt);
    for (const field of options.omitTagFields ?? []) delete e[field];
    return e;
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push({ method: req.method ?? '', path });
    void route(req, res, path).catch((err: Error) => {
      if (!res.headersSent) send(res, 500, { error: err.message });
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const key = `${req.method} ${path}`;
    if (options.missingRoutes?.includes(path)) return sendText(res, '404 page not found', 404);
    if (key === 'GET /api/version') return send(res, 200, { version: '0.12.3' });
    if (key === 'GET /' || key === 'HEAD /') return sendText(res, 'Ollama is running');
    if (key === 'GET /api/tags') {
      return send(res, 200, { models: [...installed.values()].map((i) => tagEntry(i.model, i.modifiedAt)) });
    }
    if (key === 'GET /api/ps') {
      const models = [...loaded].flatMap((n) => {
        const i = installed.get(n);
        if (!i) return [];
        const expires = new Date(Date.now() + 300_000).toISOString();
        const held = options.loadedSizes?.[n];
        return [
          {
            ...entry(i.model, i.modifiedAt),
            expires_at: expires,
            ...(held ? { size: held.size, size_vram: held.sizeVram } : { size_vram: 0 }),
          },
        ];
      });
      return send(res, 200, { models });
    }
    const body = await readJson(req);
    if (body === undefined) return send(res, 400, { error: 'invalid character in request body' });
    const name = typeof body.model === 'string' ? body.model : typeof body.name === 'string' ? body.name : '';
    if (key === 'POST /api/show') {
      if (!name) return send(res, 400, { error: 'model is required' });
      const i = installed.get(fullName(name));
      if (!i) return send(res, 404, { error: `model '${name}' not found` });
      return send(res, 200, {
        license: 'fixture license',
        modelfile: `FROM ${i.model.name}`,
        parameters: 'stop "</s>"',
        template: '{{ .Prompt }}',
        details: details(i.model),
        model_info: { 'general.architecture': i.model.family, 'general.parameter_count': 1_100_048_384 },
        capabilities: i.model.tools ? ['completion', 'tools'] : ['completion'],
        modified_at: i.modifiedAt,
      });
    }
    if (key === 'DELETE /api/delete') {
      if (!name) return send(res, 400, { error: 'model is required' });
      const full = fullName(name);
      if (!installed.delete(full)) return send(res, 404, { error: `model '${name}' not found` });
      loaded.delete(full);
      res.writeHead(200).end();
      return;
    }
    if (key === 'POST /api/pull') return pull(req, res, name, body.stream !== false);
    if (key === 'POST /api/chat') return chat(req, res, name, body);
    if (key === 'POST /api/generate') {
      // The documented load and unload: no prompt loads the model, keep_alive 0 unloads it.
      if (!name) return send(res, 400, { error: 'model is required' });
      const i = installed.get(fullName(name));
      if (!i) return send(res, 404, { error: `model '${name}' not found, try pulling it first` });
      if (typeof body.prompt === 'string' && body.prompt !== '')
        return send(res, 400, { error: 'this fixture answers only the load and unload forms of /api/generate' });
      const unload = body.keep_alive === 0 || body.keep_alive === '0';
      if (unload) loaded.delete(i.model.name);
      else loaded.add(i.model.name);
      return send(res, 200, {
        model: name,
        created_at: new Date().toISOString(),
        response: '',
        done: true,
        done_reason: unload ? 'unload' : 'load',
      });
    }
    send(res, 404, { error: `404 page not found` });
  }

  async function pull(req: IncomingMessage, res: ServerResponse, name: string, streaming: boolean): Promise<void> {
    if (!name) return send(res, 400, { error: 'model is required' });
    const model = catalog.get(fullName(name));
    const lines: unknown[] = [];
    const gone = watchAbort(req, res);
    const emit = async (obj: unknown): Promise<void> => {
      if (!streaming) {
        lines.push(obj);
        return;
      }
      if (!res.headersSent) res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
      res.write(JSON.stringify(obj) + '\n');
    };
    await emit({ status: 'pulling manifest' });
    if (!model) {
      if (!streaming) return send(res, 500, { error: 'pull model manifest: file does not exist' });
      await emit({ error: 'pull model manifest: file does not exist' });
      res.end();
      return;
    }
    let sent = 0;
    for (const layer of model.layers) {
      let done = partial.get(layer.digest) ?? 0;
      if (installed.has(model.name)) done = layer.size;
      else if (done > 0) resumes.push({ digest: layer.digest, from: done });
      await emit({
        status: `pulling ${layer.digest.slice(7, 19)}`,
        digest: layer.digest,
        total: layer.size,
        completed: done,
      });
      while (done < layer.size) {
        await sleep(pullDelay);
        if (gone.aborted) {
          aborts.push({ path: '/api/pull', model: model.name, sent, time: Date.now() });
          return;
        }
        const step = Math.min(chunkBytes, layer.size - done);
        done += step;
        sent += step;
        partial.set(layer.digest, done);
        await emit({
          status: `pulling ${layer.digest.slice(7, 19)}`,
          digest: layer.digest,
          total: layer.size,
          completed: done,
        });
      }
    }
    await emit({ status: 'verifying sha256 digest' });
    await emit({ status: 'writing manifest' });
    installed.set(model.name, { model, modifiedAt: new Date().toISOString() });
    for (const layer of model.layers) partial.delete(layer.digest);
    await emit({ status: 'success' });
    if (!streaming) return send(res, 200, { status: 'success' });
    res.end();
  }

  async function chat(
    req: IncomingMessage,
    res: ServerResponse,
    name: string,
    body: Record<string, unknown>,
  ): Promise<void> {
    if (!name) return send(res, 400, { error: 'model is required' });
    const i = installed.get(fullName(name));
    if (!i) return send(res, 404, { error: `model '${name}' not found, try pulling it first` });
    chats.push(body);
    const messages = Array.isArray(body.messages)
      ? (body.messages as { role?: string; content?: string; tool_name?: string }[])
      : [];
    const tools = Array.isArray(body.tools) ? (body.tools as { function?: { name?: string } }[]) : [];
    if (tools.length && !i.model.tools) {
      return send(res, 400, { error: `registry.ollama.ai/library/${i.model.name} does not support tools` });
    }
    const lastUser = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
    const system = messages.find((m) => m.role === 'system')?.content;
    const last = messages.at(-1);
    const offered = new Set(tools.map((t) => t.function?.name));
    const toolCalls = last?.role === 'user' ? requestedCalls(lastUser).filter((c) => offered.has(c.function.name)) : [];
    const tokens =
      last?.role === 'tool'
        ? toolReplyWords(last.tool_name ?? '', last.content ?? '')
        : toolCalls.length
          ? []
          : replyWords(lastUser, system, replyTokens);
    const started = process.hrtime.bigint();
    const loadNs = loaded.has(i.model.name) ? 1_000_000 : 250_000_000;
    loaded.add(i.model.name);
    const createdAt = () => new Date().toISOString();
    const finalChunk = (content: string) => {
      const total = Number(process.hrtime.bigint() - started);
      return {
        model: name,
        created_at: createdAt(),
        message: { role: 'assistant', content },
        done: true,
        done_reason: 'stop',
        total_duration: total + loadNs,
        load_duration: loadNs,
        prompt_eval_count: messages.reduce((s, m) => s + String(m.content ?? '').split(/\s+/).length, 0),
        prompt_eval_duration: 5_000_000,
        eval_count: tokens.length,
        eval_duration: Math.max(1, total - 5_000_000),
      };
    };
    if (body.stream === false) {
      for (let t = 0; t < tokens.length; t++) await sleep(tokenDelay);
      const answer = finalChunk(tokens.join(''));
      return send(
        res,
        200,
        toolCalls.length ? { ...answer, message: { ...answer.message, tool_calls: toolCalls } } : answer,
      );
    }
    const gone = watchAbort(req, res);
    res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
    if (toolCalls.length) {
      await sleep(tokenDelay);
      res.write(
        JSON.stringify({
          model: name,
          created_at: createdAt(),
          message: { role: 'assistant', content: '', tool_calls: toolCalls },
          done: false,
        }) + '\n',
      );
    }
    for (let t = 0; t < tokens.length; t++) {
      if (tokenDelay > 0) await sleep(tokenDelay);
      if (gone.aborted) {
        aborts.push({ path: '/api/chat', model: i.model.name, sent: t, time: Date.now() });
        return;
      }
      if (t === failAfterTokens)
        return void res.end(JSON.stringify({ error: 'llama runner process has terminated: signal: killed' }) + '\n');
      res.write(
        JSON.stringify({
          model: name,
          created_at: createdAt(),
          message: { role: 'assistant', content: tokens[t] },
          done: false,
        }) + '\n',
      );
      options.onChatChunk?.(t, performance.now());
    }
    res.end(JSON.stringify(finalChunk('')) + '\n');
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    aborts,
    requests,
    chats,
    partial,
    resumes,
    setTokenDelay: (ms) => (tokenDelay = ms),
    setFailAfterTokens: (tokens) => (failAfterTokens = tokens),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The fixture's reply: an echo of the prompt, then numbered words; the same input gives the same text. */
export function replyWords(prompt: string, system: string | undefined, count: number): string[] {
  const words = [`Fixture reply to "${prompt.slice(0, 80)}"`];
  if (system) words.push(` (system: ${system.slice(0, 40)})`);
  words.push(':');
  for (let n = 1; n <= count; n++) words.push(` word${n}`);
  words.push('.');
  return words;
}

/** Each `call <tool> {json}` in the user's message, as Ollama's tool_calls (arguments as an object). */
export function requestedCalls(text: string): { function: { name: string; arguments: Record<string, unknown> } }[] {
  const calls: { function: { name: string; arguments: Record<string, unknown> } }[] = [];
  for (const m of text.matchAll(/\bcall ([A-Za-z0-9_.-]+)(?: (\{[^{}\n]*\}))?/g)) {
    let args: Record<string, unknown> = {};
    try {
      args = m[2] ? (JSON.parse(m[2]) as Record<string, unknown>) : {};
    } catch {
      args = {};
    }
    calls.push({ function: { name: m[1]!, arguments: args } });
  }
  return calls;
}

/** The fixture's reply after a tool's result: it quotes the start of what the tool returned. */
export function toolReplyWords(tool: string, content: string): string[] {
  const quoted = content.replace(/\s+/g, ' ').trim().slice(0, 200);
  return [`Fixture reply after ${tool || 'the tool'}:`, ...quoted.split(' ').map((w) => ` ${w}`)];
}

function watchAbort(req: IncomingMessage, res: ServerResponse): { aborted: boolean } {
  const state = { aborted: false };
  res.on('close', () => {
    if (!res.writableFinished) state.aborted = true;
  });
  req.on('aborted', () => (state.aborted = true));
  return state;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

function sendText(res: ServerResponse, text: string, status = 200): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(text);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return {};
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
