import { describe, expect, it } from 'vitest';
import { recommendOllamaSettings } from './ollama-settings';

const GiB = 1024 ** 3;
const value = (r: ReturnType<typeof recommendOllamaSettings>, name: string) =>
  r.settings.find((s) => s.name === name)?.value;

describe('recommendOllamaSettings', () => {
  it('on a 2-core 8 GiB host: one request at a time, one model, short keep-alive, 2 threads', () => {
    const r = recommendOllamaSettings({
      physicalCores: 2,
      memTotalBytes: 8 * GiB,
      gpuCount: 0,
      ollamaMemoryBytes: 4 * GiB,
      typicalModelBytes: 1 * GiB,
    });
    expect(value(r, 'OLLAMA_NUM_PARALLEL')).toBe('1');
    expect(value(r, 'OLLAMA_MAX_LOADED_MODELS')).toBe('3');
    expect(value(r, 'OLLAMA_KEEP_ALIVE')).toBe('2m');
    expect(r.threads).toMatchObject({ name: 'num_thread', value: '2' });
    for (const s of r.settings) expect(s.reason.length).toBeGreaterThan(20);
  });

  it('on a 16-core 64 GiB host: parallel requests and a long keep-alive; loaded models bounded by memory', () => {
    const r = recommendOllamaSettings({
      physicalCores: 16,
      memTotalBytes: 64 * GiB,
      gpuCount: 0,
      ollamaMemoryBytes: 12 * GiB,
      typicalModelBytes: 5 * GiB,
    });
    expect(value(r, 'OLLAMA_NUM_PARALLEL')).toBe('4');
    expect(value(r, 'OLLAMA_MAX_LOADED_MODELS')).toBe('2');
    expect(value(r, 'OLLAMA_KEEP_ALIVE')).toBe('30m');
    expect(r.threads.value).toBe('16');
  });

  it('never recommends fewer than one loaded model', () => {
    const r = recommendOllamaSettings({
      physicalCores: 4,
      memTotalBytes: 16 * GiB,
      gpuCount: 0,
      ollamaMemoryBytes: 4 * GiB,
      typicalModelBytes: 5 * GiB,
    });
    expect(value(r, 'OLLAMA_MAX_LOADED_MODELS')).toBe('1');
    expect(r.settings.find((s) => s.name === 'OLLAMA_MAX_LOADED_MODELS')!.reason).toMatch(
      /^not even one model of 5.0 GiB fits in the 4.0 GiB/,
    );
  });
});
