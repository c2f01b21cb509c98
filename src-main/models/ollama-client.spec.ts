import { Ollama } from 'ollama';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startOllamaApiServer, type OllamaApiServer } from '../../test-support/ollama-api-server';

// The real `ollama` client against the local server that follows Ollama's documented API.
describe('ollama client against the API test server', () => {
  let server: OllamaApiServer;
  let ollama: Ollama;
  beforeAll(async () => {
    server = await startOllamaApiServer({
      installed: ['tinyllama'],
      tokenDelayMs: 1,
      pullDelayMs: 1,
      pullChunkBytes: 200_000_000,
    });
    ollama = new Ollama({ host: server.url });
  });
  afterAll(() => server.close());

  it('lists tags with size and details, and shows a model', async () => {
    const { models } = await ollama.list();
    expect(models.map((m) => m.name)).toEqual(['tinyllama:latest']);
    expect(models[0]!.size).toBe(637_000_208);
    expect(models[0]!.details.quantization_level).toBe('Q4_0');
    const show = await ollama.show({ model: 'tinyllama' });
    expect(show.details.family).toBe('llama');
    expect((await ollama.version()).version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('streams a chat and ends with a done chunk carrying the timings', async () => {
    const chunks = [];
    for await (const c of await ollama.chat({
      model: 'tinyllama',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    }))
      chunks.push(c);
    const last = chunks.at(-1)!;
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.slice(0, -1).every((c) => !c.done)).toBe(true);
    expect(last.done).toBe(true);
    expect(last.eval_count).toBe(chunks.length - 1);
    for (const k of [
      'total_duration',
      'load_duration',
      'prompt_eval_count',
      'prompt_eval_duration',
      'eval_duration',
    ] as const)
      expect(last[k]).toBeGreaterThan(0);
    expect(chunks.map((c) => c.message.content).join('')).toContain('Fixture reply to "hi"');
    const whole = await ollama.chat({ model: 'tinyllama', messages: [{ role: 'user', content: 'hi' }] });
    expect(whole.message.content).toBe(chunks.map((c) => c.message.content).join(''));
    expect((await ollama.ps()).models.map((m) => m.name)).toEqual(['tinyllama:latest']);
  });

  it("rejects an unknown model with a 404 and Ollama's error text", async () => {
    await expect(ollama.show({ model: 'nope' })).rejects.toMatchObject({
      status_code: 404,
      error: "model 'nope' not found",
    });
    await expect(ollama.chat({ model: 'nope', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({
      status_code: 404,
    });
  });

  it('pulls with per-layer progress, then deletes', async () => {
    const lines = [];
    for await (const p of await ollama.pull({ model: 'qwen2.5:0.5b', stream: true })) lines.push(p);
    const statuses = lines.map((l) => l.status);
    expect(statuses[0]).toBe('pulling manifest');
    expect(statuses.slice(-3)).toEqual(['verifying sha256 digest', 'writing manifest', 'success']);
    const weights = lines.filter((l) => l.digest && l.total === 397_000_000);
    expect(weights.at(-1)!.completed).toBe(397_000_000);
    expect((await ollama.list()).models.map((m) => m.name)).toContain('qwen2.5:0.5b');
    await ollama.delete({ model: 'qwen2.5:0.5b' });
    expect((await ollama.list()).models.map((m) => m.name)).not.toContain('qwen2.5:0.5b');
    await expect(ollama.delete({ model: 'qwen2.5:0.5b' })).rejects.toMatchObject({ status_code: 404 });
  });

  it('reports an unknown model in the pull stream as an error', async () => {
    await expect(
      (async () => {
        for await (const _ of await ollama.pull({ model: 'no-such-model', stream: true })) void _;
      })(),
    ).rejects.toThrow(/file does not exist/);
  });

  it('tool calling as Ollama documents it: tool_calls streamed and not, the tool message, and a model without tools refused', async () => {
    const tools = [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'The weather in a city',
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        },
      },
    ];
    const own = await startOllamaApiServer({ installed: ['tinyllama', 'qwen2.5:0.5b'], tokenDelayMs: 1 });
    const ollama = new Ollama({ host: own.url });
    onTestFinished(() => own.close());
    const messages = [{ role: 'user', content: 'call get_weather {"city": "Oslo"}' }];
    const whole = await ollama.chat({ model: 'qwen2.5:0.5b', messages, tools, stream: false });
    expect(whole.message.tool_calls).toEqual([{ function: { name: 'get_weather', arguments: { city: 'Oslo' } } }]);
    expect(whole.done).toBe(true);
    const streamed = [];
    for await (const c of await ollama.chat({ model: 'qwen2.5:0.5b', messages, tools, stream: true })) streamed.push(c);
    expect(streamed.flatMap((c) => c.message.tool_calls ?? [])).toEqual(whole.message.tool_calls);
    expect(streamed.at(-1)?.done).toBe(true);
    const answer = await ollama.chat({
      model: 'qwen2.5:0.5b',
      tools,
      stream: false,
      messages: [...messages, whole.message, { role: 'tool', content: 'Sunny, 21 C', tool_name: 'get_weather' }],
    });
    expect(answer.message.content).toBe('Fixture reply after get_weather: Sunny, 21 C');
    expect((await ollama.show({ model: 'qwen2.5:0.5b' })).capabilities).toContain('tools');
    await expect(ollama.chat({ model: 'tinyllama', messages, tools, stream: false })).rejects.toMatchObject({
      status_code: 400,
      error: 'registry.ollama.ai/library/tinyllama:latest does not support tools',
    });
  });
});
