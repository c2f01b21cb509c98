import { describe, expect, it } from 'vitest';
import { architectureFromModelInfo, estimateModelMemory, type ModelArchitecture } from './model-memory';
import { bitsPerWeight, parseParameterSize } from './quantization';

const MiB = 1024 * 1024;
// Architectures as Ollama's /api/show model_info gives them (the models' GGUF metadata).
const tinyllama: ModelArchitecture = {
  family: 'llama',
  blockCount: 22,
  embeddingLength: 2048,
  headCount: 32,
  headCountKv: 4,
  vocabSize: 32_000,
};
const llama3: ModelArchitecture = {
  family: 'llama',
  blockCount: 32,
  embeddingLength: 4096,
  headCount: 32,
  headCountKv: 8,
  vocabSize: 128_256,
};

/** Within `tolerance` (a fraction) of `published`. */
function near(actual: number, published: number, tolerance: number) {
  expect(Math.abs(actual - published) / published).toBeLessThanOrEqual(tolerance);
}

describe('estimateModelMemory', () => {
  it('puts tinyllama 1.1B Q4_0 weights within 5 % of its published 637 MB', () => {
    const e = estimateModelMemory({
      name: 'tinyllama',
      parameterCount: 1_100_048_384,
      quantization: 'Q4_0',
      architecture: tinyllama,
    })!;
    expect(e.weightsFrom).toBe('parameters');
    near(e.weightsBytes, 637_699_456, 0.05);
  });

  it('puts llama3 8B Q4_0 weights within 5 % of its published 4.7 GB', () => {
    const e = estimateModelMemory({
      name: 'llama3:8b',
      parameterSize: '8.0B',
      quantization: 'Q4_0',
      architecture: llama3,
    })!;
    near(e.weightsBytes, 4_661_224_676, 0.05);
  });

  it('sizes the f16 KV cache as llama.cpp reports it: 44 MiB for tinyllama and 256 MiB for llama3 8B at 2048 tokens', () => {
    expect(estimateModelMemory({ name: 't', sizeBytes: 637_699_456, architecture: tinyllama })!.kvCacheBytes).toBe(
      44 * MiB,
    );
    expect(estimateModelMemory({ name: 'l', sizeBytes: 4_661_224_676, architecture: llama3 })!.kvCacheBytes).toBe(
      256 * MiB,
    );
  });

  it('adds the llama compute graph and uses the file size for the weights when known', () => {
    const e = estimateModelMemory({ name: 't', sizeBytes: 637_699_456, architecture: tinyllama })!;
    expect(e.weightsFrom).toBe('file-size');
    expect(e.weightsBytes).toBe(637_699_456);
    // 4 × batch 512 × (1 + 4 × 2048 + 2048 × (1 + 32)) bytes: the full-offload graph Ollama budgets.
    expect(e.graphBytes).toBe(4 * 512 * (1 + 4 * 2048 + 2048 * 33));
    expect(e.totalBytes).toBe(e.weightsBytes + e.kvCacheBytes + e.graphBytes);
    expect(e.totalBytes / MiB).toBeGreaterThan(780);
    expect(e.totalBytes / MiB).toBeLessThan(900);
  });

  it('multiplies the KV cache by the context and by OLLAMA_NUM_PARALLEL', () => {
    const one = estimateModelMemory({ name: 'l', sizeBytes: 1, architecture: llama3 })!;
    const four = estimateModelMemory(
      { name: 'l', sizeBytes: 1, architecture: llama3 },
      { parallel: 2, contextLength: 4096 },
    )!;
    expect(four.kvCacheBytes).toBe(4 * one.kvCacheBytes);
  });

  it('approximates the KV cache without the architecture, and says so', () => {
    const e = estimateModelMemory({ name: 'x', parameterSize: '7B', quantization: 'Q4_K_M' })!;
    expect(e.kvFrom).toBe('approximate');
    expect(e.kvCacheBytes).toBeGreaterThan(100 * MiB);
    expect(e.kvCacheBytes).toBeLessThan(1024 * MiB);
  });

  it('gives no estimate without a size, or with an unknown quantization', () => {
    expect(estimateModelMemory({ name: 'x', parameterSize: '7B', quantization: 'Q9_Z' })).toBeUndefined();
    expect(estimateModelMemory({ name: 'x', quantization: 'Q4_0' })).toBeUndefined();
  });
});

describe('quantization', () => {
  it('knows the bits per weight of the common types, in any case', () => {
    expect(bitsPerWeight('Q4_0')).toBe(4.5);
    expect(bitsPerWeight('q8_0')).toBe(8.5);
    expect(bitsPerWeight('F16')).toBe(16);
    expect(bitsPerWeight('Q4_K_M')).toBeCloseTo(4.85);
    expect(bitsPerWeight('Q5_K_M')).toBeCloseTo(5.69);
  });

  it('reads Ollama parameter sizes', () => {
    expect(parseParameterSize('1.1B')).toBe(1_100_000_000);
    expect(parseParameterSize('137M')).toBe(137_000_000);
    expect(parseParameterSize('about 7')).toBeUndefined();
  });
});

describe('architectureFromModelInfo', () => {
  it('reads the architecture-prefixed keys of /api/show', () => {
    const info = {
      'general.architecture': 'llama',
      'general.parameter_count': 1_100_048_384,
      'llama.block_count': 22,
      'llama.embedding_length': 2048,
      'llama.attention.head_count': 32,
      'llama.attention.head_count_kv': 4,
      'llama.context_length': 2048,
      'tokenizer.ggml.tokens': null,
    };
    expect(architectureFromModelInfo(info)).toEqual({
      family: 'llama',
      blockCount: 22,
      embeddingLength: 2048,
      headCount: 32,
      headCountKv: 4,
    });
  });

  it('gives nothing when the layer figures are missing', () => {
    expect(
      architectureFromModelInfo({ 'general.architecture': 'llama', 'general.parameter_count': 1 }),
    ).toBeUndefined();
    expect(architectureFromModelInfo(undefined)).toBeUndefined();
  });
});
