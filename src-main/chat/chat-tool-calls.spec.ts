import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatEvent, ChatToolCall } from '../../src-shared/api';
import { startOllamaApiServer, type OllamaApiServer } from '../../test-support/ollama-api-server';
import { startOpenAiApiServer, type OpenAiApiServer } from '../../test-support/openai-api-server';
import { EventLog } from '../events';
import { McpManager, McpServerRepository, nodeRuntime, NpmInstaller } from '../mcp';
import { ModelService } from '../models';
import { openDatabase, SecretStore, SettingsRepository, type Db } from '../store';
import { ChatService } from './chat-service';
import type { ToolLimits } from './chat-tools';
import { ConversationRepository } from './conversation-repository';
import { OllamaProvider } from './ollama-provider';
import { OpenAiProvider } from './openai-provider';
import { ToolCallRepository } from './tool-call-repository';

const ROOT = resolve(__dirname, '..', '..');
const serverBin = (pkg: string) => join(ROOT, 'node_modules', '@modelcontextprotocol', pkg, 'dist', 'index.js');

describe('Chat with MCP tools: the model asks, the user approves, the call runs through MCP', () => {
  let ollama: OllamaApiServer;
  let openai: OpenAiApiServer;
  let dir: string;
  let folder: string;
  let db: Db;
  let mcp: McpManager;
  let fs: string;
  const make = (limits: Partial<ToolLimits> = {}) => {
    const settings = new SettingsRepository(db);
    const models = new ModelService({ flag: ollama.url, settings, env: {}, stackUpAvailable: true });
    return new ChatService(
      new ConversationRepository(db),
      {
        ollama: new OllamaProvider(models),
        openai: new OpenAiProvider({ settings, env: { SUTAZAI_OPENAI_URL: `${openai.url}/v1` } }),
      },
      { host: mcp, calls: new ToolCallRepository(db), limits },
    );
  };
  let chat: ChatService;

  beforeEach(async () => {
    ollama = await startOllamaApiServer({ installed: ['tinyllama', 'qwen2.5:0.5b'], tokenDelayMs: 2 });
    openai = await startOpenAiApiServer({ models: ['tinyllama', 'gpt-fixture'], noTools: ['tinyllama'] });
    dir = mkdtempSync(join(tmpdir(), 'sutazai-chat-tools-'));
    folder = join(dir, 'files');
    mkdirSync(folder);
    writeFileSync(join(folder, 'notes.txt'), 'the notes say hello');
    db = openDatabase(join(dir, 'db.sqlite'));
    const runtime = nodeRuntime();
    mcp = new McpManager({
      repository: new McpServerRepository(db),
      secrets: new SecretStore(db),
      installer: new NpmInstaller(join(dir, 'npm'), runtime),
      runtime,
      record: (e) => new EventLog(db).record(e),
      project: 'sutazai',
      version: '0.0.0-test',
    });
    mcp.start();
    fs = (
      await mcp.add({
        name: 'files',
        transport: { kind: 'stdio', command: process.execPath, args: [serverBin('server-filesystem'), folder] },
      })
    ).id;
    for (let i = 0; i < 200 && mcp.views()[0]?.state !== 'running'; i++) await new Promise((r) => setTimeout(r, 50));
    chat = make();
  });

  afterEach(async () => {
    chat.dispose();
    mcp.dispose();
    db.close();
    rmSync(dir, { recursive: true, force: true });
    await Promise.all([ollama.close(), openai.close()]);
  });

  /** One exchange; each approval request is answered with the next of `answers`. */
  function exchange(
    c: ChatService,
    input: Parameters<ChatService['send']>[0],
    answers: ('once' | 'conversation' | 'deny')[] = [],
    onEvent?: (e: ChatEvent, stop: () => void) => void,
  ) {
    return new Promise<ChatEvent[]>((done) => {
      const events: ChatEvent[] = [];
      const stop = c.send(input, (e) => {
        events.push(e);
        if (e.type === 'tool-approval') c.approve(e.request.callId, answers.shift() ?? 'deny');
        onEvent?.(e, stop);
        if (e.type === 'done' || e.type === 'stopped' || e.type === 'error') done(events);
      });
    });
  }
  const finalText = (events: ChatEvent[]) => (events.at(-1) as Extract<ChatEvent, { type: 'done' }>).message.content;
  const conversationOf = (events: ChatEvent[]) =>
    (events.find((e) => e.type === 'started') as Extract<ChatEvent, { type: 'started' }>).conversation.id;
  const endedCalls = (events: ChatEvent[]): ChatToolCall[] =>
    events.flatMap((e) => (e.type === 'tool-call' && e.call.status !== 'running' ? [e.call] : []));

  it('asks before a write, runs it once allowed, gives the result to the model and stores the call (Ollama, streamed)', async () => {
    const target = join(folder, 'written.txt');
    const events = await exchange(
      chat,
      {
        model: 'qwen2.5:0.5b',
        toolServers: [fs],
        content: `Save it. call write_file {"path": "${target}", "content": "saved by the model"}`,
      },
      ['once'],
    );
    const approval = events.find((e) => e.type === 'tool-approval') as Extract<ChatEvent, { type: 'tool-approval' }>;
    expect(approval.request).toMatchObject({
      server: 'files',
      tool: 'write_file',
      arguments: { path: target, content: 'saved by the model' },
      readOnly: false,
    });
    expect(readFileSync(target, 'utf8')).toBe('saved by the model');
    expect(finalText(events)).toBe(`Fixture reply after write_file: Successfully wrote to ${target}`);
    const [call] = endedCalls(events);
    expect(call).toMatchObject({ status: 'done', decision: 'once', server: 'files', tool: 'write_file' });
    expect(call!.durationMs).toBeGreaterThanOrEqual(0);
    // What the model got: the tools offered, then its call and the tool's answer.
    expect((ollama.chats[0]!.tools as { function: { name: string } }[]).map((t) => t.function.name)).toContain(
      'write_file',
    );
    expect(ollama.chats[1]!.messages).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          role: 'assistant',
          tool_calls: [
            { function: { name: 'write_file', arguments: { path: target, content: 'saved by the model' } } },
          ],
        }),
        { role: 'tool', content: `Successfully wrote to ${target}`, tool_name: 'write_file' },
      ]),
    );
    const id = conversationOf(events);
    const stored = chat.toolCalls(id);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ status: 'done', decision: 'once', result: `Successfully wrote to ${target}` });
    expect(stored[0]!.afterMessageId).toBe(chat.repo.messages(id)[0]!.id);
    expect(chat.repo.get(id)?.toolServers).toEqual([fs]);
    const md = chat.exportConversation(id, 'markdown').content;
    expect(md).toContain('_Tool call: files · write_file, done, ');
    expect(md).toContain(`\`\`\`\nSuccessfully wrote to ${target}\n\`\`\``);
    const json = JSON.parse(chat.exportConversation(id, 'json').content) as { toolCalls: { tool: string }[] };
    expect(json.toolCalls.map((c) => c.tool)).toEqual(['write_file']);
  });

  it('runs a read-only tool without asking when its server allows it, and tells the model a denied call did not run', async () => {
    const read = await exchange(chat, {
      model: 'qwen2.5:0.5b',
      toolServers: [fs],
      content: `call read_text_file {"path": "${join(folder, 'notes.txt')}"}`,
    });
    expect(read.some((e) => e.type === 'tool-approval')).toBe(false);
    expect(endedCalls(read)[0]).toMatchObject({ decision: 'read-only', status: 'done', result: 'the notes say hello' });
    expect(finalText(read)).toBe('Fixture reply after read_text_file: the notes say hello');

    const id = conversationOf(read);
    const target = join(folder, 'denied.txt');
    const denied = await exchange(
      chat,
      { conversationId: id, model: 'qwen2.5:0.5b', content: `call write_file {"path": "${target}", "content": "x"}` },
      ['deny'],
    );
    expect(existsSync(target)).toBe(false);
    expect(endedCalls(denied)[0]).toMatchObject({ status: 'denied', decision: 'denied' });
    expect(finalText(denied)).toBe(
      'Fixture reply after write_file: The user denied this call of write_file; it did not run.',
    );
    // The earlier exchange's call and result are replayed to the model with the history.
    expect(ollama.chats.at(-2)!.messages).toEqual(
      expect.arrayContaining([{ role: 'tool', content: 'the notes say hello', tool_name: 'read_text_file' }]),
    );
  });

  it('"allow for this conversation" lets the same tool run again without asking', async () => {
    const first = await exchange(
      chat,
      {
        model: 'qwen2.5:0.5b',
        toolServers: [fs],
        content: `call write_file {"path": "${join(folder, 'a.txt')}", "content": "a"}`,
      },
      ['conversation'],
    );
    const id = conversationOf(first);
    expect(chat.repo.get(id)?.allowedTools).toEqual([`${fs}/write_file`]);
    const second = await exchange(chat, {
      conversationId: id,
      model: 'qwen2.5:0.5b',
      content: `call write_file {"path": "${join(folder, 'b.txt')}", "content": "b"}`,
    });
    expect(second.some((e) => e.type === 'tool-approval')).toBe(false);
    expect(endedCalls(second)[0]).toMatchObject({ decision: 'conversation', status: 'done' });
    expect(readFileSync(join(folder, 'b.txt'), 'utf8')).toBe('b');
  });

  it('caps results and calls per answer, and says what was cut', async () => {
    writeFileSync(join(folder, 'big.txt'), 'x'.repeat(500));
    const capped = make({ maxResultChars: 100, maxCallsPerAnswer: 1 });
    const p = join(folder, 'big.txt');
    const events = await exchange(capped, {
      model: 'qwen2.5:0.5b',
      toolServers: [fs],
      content: `call read_text_file {"path": "${p}"} and call read_text_file {"path": "${p}"}`,
    });
    const calls = endedCalls(events);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ truncatedChars: 400 });
    expect(calls[0]!.result).toBe(`${'x'.repeat(100)}\n[400 more characters were cut: results are capped at 100]`);
    const toolMessages = (ollama.chats[1]!.messages as { role: string; content: string }[]).filter(
      (m) => m.role === 'tool',
    );
    expect(toolMessages.map((m) => m.content)).toEqual([
      calls[0]!.result,
      'Not run: this answer already made 1 tool calls, the most allowed; answer with what you have.',
    ]);
    expect(ollama.chats[1]!.tools).toBeUndefined();
    expect(events.at(-1)?.type).toBe('done');
    capped.dispose();
  });

  it('a call over its time limit is cancelled and said so; Stop cancels a running call and keeps the reply stopped', async () => {
    const everything = await mcp.add({
      name: 'everything',
      transport: { kind: 'stdio', command: process.execPath, args: [serverBin('server-everything'), 'stdio'] },
    });
    for (let i = 0; i < 200 && mcp.views().find((v) => v.id === everything.id)?.state !== 'running'; i++)
      await new Promise((r) => setTimeout(r, 50));
    const slow = make({ callTimeoutMs: 400 });
    const long = 'call trigger-long-running-operation {"duration": 20, "steps": 20}';
    const timedOut = await exchange(slow, { model: 'qwen2.5:0.5b', toolServers: [everything.id], content: long });
    expect(endedCalls(timedOut)[0]).toMatchObject({
      status: 'timeout',
      result: 'trigger-long-running-operation did not answer within 0.4 s; it was cancelled.',
    });
    expect(timedOut.at(-1)?.type).toBe('done');
    slow.dispose();

    const started = Date.now();
    const stopped = await exchange(
      chat,
      { model: 'qwen2.5:0.5b', toolServers: [everything.id], content: long },
      [],
      (e, stop) => {
        if (e.type === 'tool-call' && e.call.status === 'running') setTimeout(stop, 200);
      },
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expect(endedCalls(stopped)[0]).toMatchObject({ status: 'cancelled' });
    expect(stopped.at(-1)).toMatchObject({ type: 'stopped', message: { stopped: true } });
    expect(chat.toolCalls(conversationOf(stopped))[0]?.status).toBe('cancelled');
  });

  it('a model without tool support gets a clear error and nothing is stored; so does a server that is not running', async () => {
    const before = (db.prepare('SELECT COUNT(*) AS n FROM chat_conversations').get() as { n: number }).n;
    const events = await exchange(chat, { model: 'tinyllama', toolServers: [fs], content: 'call read_text_file {}' });
    expect(events).toEqual([
      expect.objectContaining({
        type: 'error',
        code: 'INVALID_INPUT',
        message: expect.stringContaining('tinyllama does not support tools'),
        hint: expect.stringContaining('Pick a model that supports tools'),
      }),
    ]);
    await mcp.update({ id: fs, enabled: false });
    const off = await exchange(chat, { model: 'qwen2.5:0.5b', toolServers: [fs], content: 'hello' });
    expect(off).toEqual([
      expect.objectContaining({
        type: 'error',
        code: 'UNAVAILABLE',
        message: 'MCP server not running: files (disabled)',
      }),
    ]);
    expect((db.prepare('SELECT COUNT(*) AS n FROM chat_conversations').get() as { n: number }).n).toBe(before);
  });

  it('uses tools through the OpenAI-compatible provider (streamed tool_calls in pieces)', async () => {
    const target = join(folder, 'openai.txt');
    const events = await exchange(
      chat,
      {
        provider: 'openai',
        model: 'gpt-fixture',
        toolServers: [fs],
        content: `call write_file {"path": "${target}", "content": "via openai"}`,
      },
      ['once'],
    );
    expect(readFileSync(target, 'utf8')).toBe('via openai');
    expect(finalText(events)).toBe(`Fixture reply after the tool: Successfully wrote to ${target}`);
    const second = openai.chats.at(-1)!.messages as Record<string, unknown>[];
    expect(second.at(-2)).toMatchObject({
      role: 'assistant',
      tool_calls: [{ id: 'call_0_write_file', type: 'function', function: { name: 'write_file' } }],
    });
    expect(second.at(-1)).toEqual({
      role: 'tool',
      tool_call_id: 'call_0_write_file',
      content: `Successfully wrote to ${target}`,
    });
    const refused = await exchange(chat, { provider: 'openai', model: 'tinyllama', toolServers: [fs], content: 'x' });
    expect(refused.at(-1)).toMatchObject({
      type: 'error',
      message: expect.stringContaining('tinyllama does not support tools'),
    });
  });
});
