import { describe, expect, it } from 'vitest';
import { manifestAddress } from './ollama-registry';

describe('where a model is pulled from', () => {
  it('reads names as Ollama does: registry.ollama.ai, library and latest by default', () => {
    expect(manifestAddress('tinyllama')).toEqual({
      base: 'https://registry.ollama.ai',
      repository: 'library/tinyllama',
      tag: 'latest',
    });
    expect(manifestAddress('llama3.2:1b')).toMatchObject({ repository: 'library/llama3.2', tag: '1b' });
    expect(manifestAddress('someone/model:q4')).toMatchObject({
      base: 'https://registry.ollama.ai',
      repository: 'someone/model',
      tag: 'q4',
    });
    expect(manifestAddress('127.0.0.1:5000/ns/model:v1')).toEqual({
      base: 'http://127.0.0.1:5000',
      repository: 'ns/model',
      tag: 'v1',
    });
    expect(manifestAddress('hub.example.org/ns/model')).toMatchObject({ base: 'https://hub.example.org' });
  });

  it('refuses a bad name before any request, naming the part', () => {
    expect(() => manifestAddress('bad name')).toThrow(/Model name "bad name"/);
    expect(() => manifestAddress('a/b/c/d')).toThrow(/more than host\/namespace\/model/);
  });
});
