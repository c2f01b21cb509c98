import { describe, expect, it } from 'vitest';
import { validateModelName } from './model-name';

describe('validateModelName', () => {
  it('accepts the names Ollama accepts', () => {
    for (const n of [
      'tinyllama',
      'llama3.2:1b',
      'qwen2.5:0.5b-instruct-q4_K_M',
      'library/mistral:7b',
      'registry.local:5000/ns/model:tag',
    ]) {
      expect(validateModelName(n)).toBe(n);
    }
  });

  it('names the part that is wrong', () => {
    expect(() => validateModelName('tinyllama:')).toThrow(/the tag ""/);
    expect(() => validateModelName('tiny llama')).toThrow(/the model part "tiny llama"/);
    expect(() => validateModelName('-bad/model')).toThrow(/the namespace "-bad"/);
    expect(() => validateModelName('model:.x')).toThrow(/the tag ".x"/);
    expect(() => validateModelName(' tinyllama')).toThrow(/spaces/);
    expect(() => validateModelName('a/b/c/d')).toThrow(/more than host\/namespace\/model/);
  });
});
