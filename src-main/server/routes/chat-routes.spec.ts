import { connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startOllamaApiServer, type OllamaApiServer } from '../../../test-support/ollama-api-server';
import { startBrowserApi, type BrowserApi } from '../../../test-support/browser-api';
import { openApiChecker } from '../../../test-support/openapi-check';

const ask = (content: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ model: 'tinyllama', messages: [{ role: 'user', content }], ...extra });

describe('POST /api/v1/chat and GET /api/v1/models', () => {
  let ollama: OllamaApiServer;
  let api: BrowserApi;
  let check: ReturnType<typeof openApiChecker>;
  const counts = () => ({ conversations: api.rows('chat_conversations'), messages: api.rows('chat_messages') });
  const post = (body: string) => api.request('/api/v1/chat', { method: 'POST', body });

  beforeAll(async () => {
    ollama = await startOllamaApiServer({ installed: ['tinyllama'], tokenDelayMs: 2, replyTokens: 6 });
    api = await startBrowserApi({ ollamaUrl: ollama.url });
    check = openApiChecker((await api.request('/api/v1/openapi.json')).json());
  });
  afterAll(async () => {
    await api?.stop();
    await ollama?.close();
  });
  beforeEach(() => ollama.setFailAfterTokens(undefined));

  it('streams NDJSON lines as documented and stores the exchange', async () => {
    const before = counts();
    const r = await post(ask('hello there'));
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    const lines = r.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const line of lines)
      expect(check.errors('POST', '/api/v1/chat', 200, 'application/x-ndjson', line)).toEqual([]);
    const final = lines.at(-1)!;
    expect(final).toMatchObject({
      done: true,
      done_reason: 'stop',
      eval_count: expect.any(Number),
      conversation_id: expect.stringMatching(/^[a-f0-9-]{36}$/),
    });
    expect(
      lines
        .slice(0, -1)
        .map((l) => (l.message as { content: string }).content)
        .join(''),
    ).toContain('Fixture reply to "hello there"');
    expect(counts()).toEqual({ conversations: before.conversations + 1, messages: before.messages + 2 });

    const again = await post(ask('and again', { conversation_id: final.conversation_id, stream: false }));
    expect(again.status).toBe(200);
    expect(again.json()).toMatchObject({
      done: true,
      conversation_id: final.conversation_id,
      message: { content: expect.stringContaining('Fixture reply to "and again"') },
    });
    expect(check.errors('POST', '/api/v1/chat', 200, 'application/json', again.json())).toEqual([]);
    expect(counts()).toEqual({ conversations: before.conversations + 1, messages: before.messages + 4 });
  });

  it('refuses bad bodies with 400 naming the field, 413 for a large one, and stores nothing', async () => {
    const before = counts();
    const cases: [string, number, string][] = [
      ['null', 400, 'body: Invalid input: expected object, received null'],
      ['', 400, 'body: empty; send a JSON object'],
      ['{"model": ', 400, 'body: not JSON'],
      ['[]', 400, 'body: Invalid input: expected object, received array'],
      [
        JSON.stringify({ model: 'tinyllama', messages: [] }),
        400,
        'body.messages: Too small: expected array to have >=1 items',
      ],
      [
        JSON.stringify({ model: 'tinyllama', messages: [{ role: 'user', content: 7 }] }),
        400,
        'body.messages.0.content: Invalid input: expected string, received number',
      ],
      [
        JSON.stringify({ model: 'tinyllama', messages: [{ role: 'user', content: '   ' }] }),
        400,
        'body.messages.0.content: must not be empty',
      ],
      [
        JSON.stringify({ messages: [{ role: 'user', content: 'x' }] }),
        400,
        'body.model: Invalid input: expected string, received undefined',
      ],
      [ask('x', { options: { temperature: 0 } }), 400, 'body.options: not a field of this endpoint'],
      [ask('x', { conversation_id: '../../etc' }), 400, 'body.conversation_id: must be a conversation id'],
      [ask('x', { provider: 'anthropic' }), 400, 'body.provider: Invalid option'],
      [ask('x'.repeat(200_001)), 400, 'body.messages.0.content: Too big: expected string to have <=200000 characters'],
      [
        JSON.stringify({
          model: 'tinyllama',
          messages: [
            { role: 'system', content: 's' },
            { role: 'system', content: 's' },
          ],
        }),
        400,
        "body.messages.1.role: the last message must be the user's",
      ],
      [
        JSON.stringify({
          model: 'tinyllama',
          messages: [
            { role: 'assistant', content: 'earlier' },
            { role: 'user', content: 'x' },
          ],
        }),
        400,
        'body.messages.0.role: Invalid discriminator value',
      ],
      [
        JSON.stringify({ model: 'tinyllama', messages: [{ role: 'user', content: 'x'.repeat(10 * 1024 * 1024) }] }),
        413,
        'bytes; at most 1048576 bytes are accepted',
      ],
    ];
    for (const [body, status, message] of cases) {
      const r = await post(body);
      expect([r.status, r.json<{ error: { message: string } }>().error.message], body.slice(0, 80)).toEqual([
        status,
        expect.stringContaining(message),
      ]);
      expect(check.errors('POST', '/api/v1/chat', status, 'application/json', r.json())).toEqual([]);
    }
    expect(counts()).toEqual(before);
  });

  it('refuses a body sent without a length (chunked) once it passes the limit', async () => {
    const piece = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 40) controller.enqueue(piece);
        else controller.close();
      },
    });
    const init = { method: 'POST', headers: { Authorization: `Bearer ${api.running.token}` }, body, duplex: 'half' };
    const r = await fetch(`${api.base}/api/v1/chat`, init as RequestInit);
    expect(r.status).toBe(413);
    expect(await r.json()).toEqual({
      error: {
        code: 'TOO_LARGE',
        message: 'The body is over 1048576 bytes; at most 1048576 bytes are accepted',
        hint: 'Send a smaller request.',
      },
    });
  });

  it('a body that breaks off stores nothing, and the server goes on answering', async () => {
    const before = counts();
    const chatsSoFar = ollama.requests.filter((q) => q.path === '/api/chat').length;
    const socket = connect(api.running.server.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      `POST /api/v1/chat HTTP/1.1\r\nHost: 127.0.0.1:${api.running.server.port}\r\nAuthorization: Bearer ${api.running.token}\r\n` +
        'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"model": "tinyllama", "mess',
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await api.request('/health', { auth: false })).status).toBe(200);
    expect(counts()).toEqual(before);
    expect(ollama.requests.filter((q) => q.path === '/api/chat').length).toBe(chatsSoFar);
  });

  it('answers the provider’s failures with their codes and stores nothing', async () => {
    const before = counts();
    const unknownModel = await post(JSON.stringify({ model: 'llama3', messages: [{ role: 'user', content: 'x' }] }));
    expect(unknownModel.status).toBe(404);
    expect(unknownModel.json()).toMatchObject({
      error: { code: 'NOT_FOUND', hint: 'Pull the model on the Models page first.' },
    });
    const unknownConversation = await post(ask('x', { conversation_id: '00000000-0000-0000-0000-000000000000' }));
    expect(unknownConversation.status).toBe(404);
    expect(unknownConversation.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'No conversation 00000000-0000-0000-0000-000000000000' },
    });
    expect(counts()).toEqual(before);
  });

  it('answers 409 CONFLICT while a reply streams in the same conversation', async () => {
    const first = (await post(ask('first', { stream: false }))).json<{ conversation_id: string }>();
    const chats = () => ollama.requests.filter((q) => q.path === '/api/chat').length;
    const seen = chats();
    ollama.setTokenDelay(150);
    const slow = post(ask('slow', { conversation_id: first.conversation_id }));
    await expect.poll(chats).toBe(seen + 1);
    const second = await post(ask('second', { conversation_id: first.conversation_id }));
    expect(second.status).toBe(409);
    expect(second.json()).toEqual({
      error: { code: 'CONFLICT', message: 'A reply is already streaming in this conversation', hint: 'Stop it first.' },
    });
    ollama.setTokenDelay(2);
    expect((await slow).status).toBe(200);
  });

  it('a reply that breaks off ends the stream with one error line; the question is kept', async () => {
    ollama.setFailAfterTokens(2);
    const before = counts();
    const r = await post(ask('break off'));
    expect(r.status).toBe(200);
    const lines = r.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toEqual({
      error: { code: 'UNAVAILABLE', message: expect.stringContaining('llama runner process has terminated') },
    });
    for (const line of lines)
      expect(check.errors('POST', '/api/v1/chat', 200, 'application/x-ndjson', line)).toEqual([]);
    expect(counts()).toEqual({ conversations: before.conversations + 1, messages: before.messages + 1 });
  });

  it('lists the models as documented', async () => {
    const r = await api.request('/api/v1/models');
    expect(r.status).toBe(200);
    expect(r.json<{ models: { name: string }[] }>().models.map((m) => m.name)).toEqual(['tinyllama:latest']);
    expect(check.errors('GET', '/api/v1/models', 200, 'application/json', r.json())).toEqual([]);
  });
});

describe('POST /api/v1/chat and GET /api/v1/models with nothing on the Ollama port', () => {
  let api: BrowserApi;
  beforeAll(async () => {
    const closed = await startOllamaApiServer();
    await closed.close();
    api = await startBrowserApi({ ollamaUrl: closed.url });
  });
  afterAll(() => api?.stop());

  it('answers 503 UNAVAILABLE with the fix, and stores nothing', async () => {
    const chat = await api.request('/api/v1/chat', { method: 'POST', body: ask('anyone?') });
    expect(chat.status).toBe(503);
    expect(chat.json()).toMatchObject({
      error: {
        code: 'UNAVAILABLE',
        message: expect.stringContaining('Ollama is not running'),
        hint: expect.any(String),
      },
    });
    expect(api.rows('chat_conversations')).toBe(0);
    expect(api.rows('chat_messages')).toBe(0);
    const models = await api.request('/api/v1/models');
    expect(models.status).toBe(503);
    expect(models.json()).toMatchObject({ error: { code: 'UNAVAILABLE' } });
  });
});
