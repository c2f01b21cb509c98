import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatEvent } from '../../src-shared/api';
import { startOllamaApiServer, type OllamaApiServer } from '../../test-support/ollama-api-server';
import { startOpenAiApiServer, type OpenAiApiServer } from '../../test-support/openai-api-server';
import { ModelService } from '../models';
import { openDatabase, SettingsRepository, type Db } from '../store';
import { ChatService } from './chat-service';
import { ConversationRepository } from './conversation-repository';
import { OllamaProvider } from './ollama-provider';
import { OpenAiProvider } from './openai-provider';

describe('ChatService', () => {
  let ollama: OllamaApiServer;
  let openai: OpenAiApiServer;
  let dir: string;
  let db: Db;
  let chat: ChatService;
  beforeEach(async () => {
    ollama = await startOllamaApiServer({ installed: ['tinyllama'], tokenDelayMs: 5, replyTokens: 8 });
    openai = await startOpenAiApiServer();
    dir = mkdtempSync(join(tmpdir(), 'sutazai-chat-'));
    db = openDatabase(join(dir, 'db.sqlite'));
    const settings = new SettingsRepository(db);
    const models = new ModelService({ flag: ollama.url, settings, env: {}, stackUpAvailable: true });
    chat = new ChatService(new ConversationRepository(db), {
      ollama: new OllamaProvider(models),
      openai: new OpenAiProvider({
        settings,
        env: { SUTAZAI_OPENAI_URL: `${openai.url}/v1`, SUTAZAI_OPENAI_API_KEY: 'k-test' },
      }),
    });
  });
  afterEach(async () => {
    chat.dispose();
    db.close();
    rmSync(dir, { recursive: true, force: true });
    await Promise.all([ollama.close(), openai.close()]);
  });

  function exchange(input: Parameters<ChatService['send']>[0], stopAfterTokens?: number) {
    return new Promise<ChatEvent[]>((resolve) => {
      const events: ChatEvent[] = [];
      let tokens = 0;
      const stop = chat.send(input, (e) => {
        events.push(e);
        if (e.type === 'token' && ++tokens === stopAfterTokens) stop();
        if (e.type === 'done' || e.type === 'stopped' || e.type === 'error') resolve(events);
      });
    });
  }

  it("streams a reply, stores both messages with the final chunk's timings", async () => {
    const events = await exchange({ model: 'tinyllama', content: 'What is Docker?', systemPrompt: 'Answer briefly.' });
    const tokens = events.filter((e) => e.type === 'token');
    expect(tokens.length).toBeGreaterThan(5);
    const done = events.at(-1) as Extract<ChatEvent, { type: 'done' }>;
    expect(done.type).toBe('done');
    expect(done.message.content).toBe(tokens.map((t) => t.text).join(''));
    expect(done.message.content).toContain('(system: Answer briefly.)');
    expect(done.message.stats?.evalTokens).toBe(tokens.length);
    expect(done.message.stats?.tokensPerSecond).toBeGreaterThan(0);
    expect(done.message.stats?.loadMs).toBe(250);
    const id = (events[0] as Extract<ChatEvent, { type: 'started' }>).conversation.id;
    expect(chat.repo.get(id)).toMatchObject({ title: 'What is Docker?', messageCount: 2 });
  });

  it('Stop aborts the request at the server and keeps the partial reply marked stopped', async () => {
    ollama.setTokenDelay(30);
    const events = await exchange({ model: 'tinyllama', content: 'long one' }, 2);
    const stopped = events.at(-1) as Extract<ChatEvent, { type: 'stopped' }>;
    expect(stopped.type).toBe('stopped');
    expect(stopped.message.stopped).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    expect(ollama.aborts).toHaveLength(1);
    expect(ollama.aborts[0]).toMatchObject({ path: '/api/chat', model: 'tinyllama:latest' });
    expect(ollama.aborts[0]!.sent).toBeLessThan(8);
  });

  it('regenerates the last reply in the same conversation', async () => {
    const first = await exchange({ model: 'tinyllama', content: 'again?' });
    const id = (first[0] as Extract<ChatEvent, { type: 'started' }>).conversation.id;
    const second = await exchange({ conversationId: id, model: 'tinyllama', regenerate: true });
    expect(second.at(-1)?.type).toBe('done');
    expect(chat.repo.messages(id).map((m) => m.role)).toEqual(['user', 'assistant']);
  });

  it('says what is wrong for an unknown model and when Ollama is down, never a made-up answer', async () => {
    const unknown = await exchange({ model: 'llama3', content: 'x' });
    expect(unknown.at(-1)).toMatchObject({ type: 'error', code: 'NOT_FOUND' });
    expect(unknown.some((e) => e.type === 'token')).toBe(false);
    await ollama.close();
    const down = await exchange({ model: 'tinyllama', content: 'x' });
    expect(down.at(-1)).toMatchObject({
      type: 'error',
      code: 'UNAVAILABLE',
      message: `Ollama is not running at ${ollama.url}`,
    });
  });

  function rowCounts(): { conversations: number; messages: number } {
    const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    return { conversations: count('chat_conversations'), messages: count('chat_messages') };
  }

  it('stores nothing for a request that fails before the model answers, new or continued', async () => {
    const first = await exchange({ model: 'tinyllama', content: 'keep me', systemPrompt: 'Be brief.' });
    const id = (first[0] as Extract<ChatEvent, { type: 'started' }>).conversation.id;
    const before = rowCounts();
    const saved = chat.repo.get(id);
    const failures = [
      await exchange({ model: 'llama3', content: 'new conversation, unknown model' }),
      await exchange({
        conversationId: id,
        model: 'llama3',
        content: 'continued, unknown model',
        systemPrompt: 'changed',
      }),
      await exchange({ conversationId: id, model: 'llama3', regenerate: true }),
    ];
    await ollama.close();
    failures.push(await exchange({ model: 'tinyllama', content: 'Ollama down' }));
    for (const events of failures) {
      expect(events.map((e) => e.type)).toEqual(['error']);
    }
    expect(rowCounts()).toEqual(before);
    expect(chat.repo.get(id)).toEqual(saved);
    const reply = (first.at(-1) as Extract<ChatEvent, { type: 'done' }>).message.content;
    expect(chat.repo.messages(id).map((m) => m.content)).toEqual(['keep me', reply]);
  });

  it('Stop before the first token stores nothing and says so', async () => {
    ollama.setTokenDelay(2000);
    const before = rowCounts();
    const events = await new Promise<ChatEvent[]>((resolve) => {
      const seen: ChatEvent[] = [];
      const stop = chat.send({ model: 'tinyllama', content: 'never mind' }, (e) => {
        seen.push(e);
        if (e.type === 'error') resolve(seen);
      });
      setTimeout(stop, 200);
    });
    expect(events).toEqual([
      { type: 'error', code: 'CANCELLED', message: 'Stopped before the model answered; nothing was stored' },
    ]);
    expect(rowCounts()).toEqual(before);
  });

  it('a reply that breaks off keeps the question, not the broken-off text, and Regenerate asks again', async () => {
    ollama.setFailAfterTokens(3);
    const events = await exchange({ model: 'tinyllama', content: 'break off' });
    expect(events.map((e) => e.type)).toEqual(['started', 'token', 'token', 'token', 'error']);
    expect(events.at(-1)).toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('llama runner process has terminated'),
    });
    const id = (events[0] as Extract<ChatEvent, { type: 'started' }>).conversation.id;
    expect(chat.repo.messages(id).map((m) => [m.role, m.content])).toEqual([['user', 'break off']]);
    ollama.setFailAfterTokens(undefined);
    const again = await exchange({ conversationId: id, model: 'tinyllama', regenerate: true });
    expect(again.at(-1)?.type).toBe('done');
    expect(chat.repo.messages(id).map((m) => m.role)).toEqual(['user', 'assistant']);
  });

  it('streams from an OpenAI-compatible endpoint (SSE) with the key as a bearer token', async () => {
    const info = await chat.providerInfo();
    expect(info.find((p) => p.id === 'openai')).toMatchObject({
      available: true,
      models: ['tinyllama', 'gpt-fixture'],
    });
    const events = await exchange({ provider: 'openai', model: 'gpt-fixture', content: 'hello' });
    const done = events.at(-1) as Extract<ChatEvent, { type: 'done' }>;
    expect(done.message.content).toBe('Fixture reply to "hello": w1 w2 w3 w4 w5 w6');
    expect(done.message.stats?.evalTokens).toBe(7);
    expect(openai.authorizations.at(-1)).toBe('Bearer k-test');
    const stopped = await exchange({ provider: 'openai', model: 'gpt-fixture', content: 'stop me' }, 1);
    expect(stopped.at(-1)?.type).toBe('stopped');
    await new Promise((r) => setTimeout(r, 50));
    expect(openai.aborts).toBe(1);
  });
});
