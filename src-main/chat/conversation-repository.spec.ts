import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion, type Db } from '../store';
import { ConversationRepository } from './conversation-repository';
import { conversationToJson, conversationToMarkdown } from './conversation-export';

describe('ConversationRepository', () => {
  let dir: string;
  let file: string;
  let db: Db;
  let clock = 1_000;
  let repo: ConversationRepository;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sutazai-chat-'));
    file = join(dir, 'db.sqlite');
    db = openDatabase(file);
    repo = new ConversationRepository(db, () => ++clock);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores conversations and messages that survive reopening the file', () => {
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(5);
    const c = repo.create({ title: 'Greeting', provider: 'ollama', model: 'tinyllama', systemPrompt: 'Be brief.' });
    repo.addMessage(c.id, { role: 'user', content: 'hello' });
    repo.addMessage(c.id, {
      role: 'assistant',
      content: 'hi there',
      model: 'tinyllama',
      stats: { evalTokens: 3, tokensPerSecond: 42.5 },
    });
    db.close();
    db = openDatabase(file);
    const again = new ConversationRepository(db);
    expect(again.get(c.id)).toMatchObject({ title: 'Greeting', systemPrompt: 'Be brief.', messageCount: 2 });
    expect(again.messages(c.id).map((m) => [m.role, m.content, m.stats?.tokensPerSecond])).toEqual([
      ['user', 'hello', undefined],
      ['assistant', 'hi there', 42.5],
    ]);
  });

  it('lists newest first, searches titles and text, renames and deletes with the messages', () => {
    const a = repo.create({ title: 'Docker volumes', provider: 'ollama', model: 'm', systemPrompt: '' });
    const b = repo.create({ title: 'Cooking', provider: 'ollama', model: 'm', systemPrompt: '' });
    repo.addMessage(b.id, { role: 'user', content: 'how long to boil 100% of an egg?' });
    expect(repo.list().map((c) => c.id)).toEqual([b.id, a.id]);
    expect(repo.list('DOCKER').map((c) => c.id)).toEqual([a.id]);
    expect(repo.list('boil').map((c) => c.id)).toEqual([b.id]);
    expect(repo.list('100%').map((c) => c.id)).toEqual([b.id]);
    expect(repo.list('_').map((c) => c.id)).toEqual([]);
    expect(repo.update(a.id, { title: 'Volumes' })?.title).toBe('Volumes');
    expect(repo.delete(b.id)).toBe(true);
    expect(db.prepare('SELECT COUNT(*) AS n FROM chat_messages').get()).toEqual({ n: 0 });
    expect(repo.delete(b.id)).toBe(false);
  });

  it('drops the trailing replies to regenerate, and exports Markdown and JSON', () => {
    const c = repo.create({ title: 'T', provider: 'ollama', model: 'tinyllama', systemPrompt: 'sys' });
    repo.addMessage(c.id, { role: 'user', content: 'q' });
    repo.addMessage(c.id, { role: 'assistant', content: 'a1', stopped: true });
    expect(repo.dropTrailingReplies(c.id)).toBe(1);
    const reply = repo.addMessage(c.id, {
      role: 'assistant',
      content: 'a2\n\n```js\nx()\n```',
      model: 'tinyllama',
      stats: { evalTokens: 5, tokensPerSecond: 10 },
    });
    const md = conversationToMarkdown(repo.get(c.id)!, repo.messages(c.id));
    expect(md).toContain('# T');
    expect(md).toContain('## System\n\nsys');
    expect(md).toContain('## Assistant (tinyllama)\n\na2\n\n```js\nx()\n```');
    expect(md).toContain('_5 tokens, 10 tokens/s_');
    expect(md).not.toContain('a1');
    const json = JSON.parse(conversationToJson(repo.get(c.id)!, repo.messages(c.id))) as { messages: { id: number }[] };
    expect(json.messages.map((m) => m.id)).toEqual([reply.id - 2, reply.id]);
  });
});
