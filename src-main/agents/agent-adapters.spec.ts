import { afterAll, describe, expect, it } from 'vitest';
import { startAgentServer, type AgentTestServer } from '../../test-support/agent-api-servers';
import { dify, flowise, langflow, letta, n8n, platformOf, type Adapter } from './agent-adapters';

const servers: AgentTestServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

const cases: [string, Adapter, 'flowise' | 'langflow' | 'letta' | 'dify' | 'n8n', string][] = [
  ['Flowise prediction', flowise, 'flowise', 'flowise heard: hello'],
  ['Langflow run', langflow, 'langflow', 'langflow heard: hello'],
  ['Letta messages', letta, 'letta', 'letta heard: hello'],
  ['Dify chat-messages', dify, 'dify', 'dify heard: hello (user known)'],
  ['n8n webhook', n8n, 'n8n', 'n8n heard: hello'],
];

describe.each(cases)('%s adapter', (_name, adapter, platform, expected) => {
  it('sends the prompt in the documented shape and reads the reply', async () => {
    const server = await startAgentServer(platform, { key: 'k-123' });
    servers.push(server);
    const reply = await adapter.send({ baseUrl: server.baseUrl, target: 'known', prompt: 'hello', apiKey: 'k-123' });
    expect(reply).toEqual({ text: expected, status: 200 });
    expect(server.requests).toHaveLength(1);
  });

  it('maps 401, 404 and 500 to clear typed errors', async () => {
    const server = await startAgentServer(platform, { key: 'k-123' });
    servers.push(server);
    await expect(
      adapter.send({ baseUrl: server.baseUrl, target: 'known', prompt: 'x', apiKey: 'wrong' }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED', hint: expect.stringContaining('API key') });
    if (platform !== 'dify') {
      await expect(
        adapter.send({ baseUrl: server.baseUrl, target: 'missing', prompt: 'x', apiKey: 'k-123' }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining("'missing'") });
      await expect(
        adapter.send({ baseUrl: server.baseUrl, target: 'boom', prompt: 'x', apiKey: 'k-123' }),
      ).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('HTTP 500') });
    }
  });

  it('says so when nothing answers', async () => {
    await expect(adapter.send({ baseUrl: 'http://127.0.0.1:9', target: 'known', prompt: 'x' })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      hint: expect.stringContaining('Start its profile'),
    });
  });
});

describe('request shapes', () => {
  it('match each platform’s documented API', async () => {
    const s = await Promise.all(
      (['flowise', 'langflow', 'letta', 'dify', 'n8n'] as const).map((p) => startAgentServer(p)),
    );
    servers.push(...s);
    await flowise.send({ baseUrl: s[0]!.baseUrl, target: 'known', prompt: 'q' });
    await langflow.send({ baseUrl: s[1]!.baseUrl, target: 'known', prompt: 'q' });
    await letta.send({ baseUrl: s[2]!.baseUrl, target: 'known', prompt: 'q' });
    await dify.send({ baseUrl: s[3]!.baseUrl, target: 'me', prompt: 'q', apiKey: 'app-1' });
    await n8n.send({ baseUrl: s[4]!.baseUrl, target: 'known', prompt: 'q' });
    expect(s.map((x) => [x.requests[0]!.path, x.requests[0]!.body])).toEqual([
      ['/api/v1/prediction/known', { question: 'q' }],
      ['/api/v1/run/known', { input_value: 'q', input_type: 'chat', output_type: 'chat' }],
      ['/v1/agents/known/messages', { messages: [{ role: 'user', content: 'q' }] }],
      ['/v1/chat-messages', { inputs: {}, query: 'q', response_mode: 'blocking', user: 'me' }],
      ['/webhook/known', { prompt: 'q' }],
    ]);
    expect(s[3]!.requests[0]!.headers.authorization).toBe('Bearer app-1');
  });

  it('recognises platforms by service name or image', () => {
    expect(platformOf('flowise', 'flowiseai/flowise:2.2.3')).toBe('flowise');
    expect(platformOf('builder', 'langflowai/langflow:1.1.1')).toBe('langflow');
    expect(platformOf('tabbyml', 'tabbyml/tabby:0.21.0')).toBe('other');
  });
});
