import type { ModelMemoryEstimate } from '../../src-shared/api/features/hardware';
import { bitsPerWeight, parseParameterSize } from './quantization';

/** The figures of a model's architecture that size its KV cache and compute graph (Ollama's model_info). */
export interface ModelArchitecture {
  family: string;
  blockCount: number;
  embeddingLength: number;
  headCount: number;
  headCountKv: number;
  /** Per-head key/value widths; default embeddingLength / headCount. */
  keyLength?: number;
  valueLength?: number;
  vocabSize?: number;
}

export interface ModelFacts {
  name: string;
  /** The GGUF file size Ollama reports; the best figure for the weights when known. */
  sizeBytes?: number;
  parameterCount?: number;
  /** Ollama's `parameter_size`, read when parameterCount is absent. */
  parameterSize?: string;
  quantization?: string;
  architecture?: ModelArchitecture;
}

export interface EstimateOptions {
  /** num_ctx per request: Ollama 0.5's default is 2048. */
  contextLength?: number;
  /** OLLAMA_NUM_PARALLEL: Ollama multiplies the context by it for the KV cache. */
  parallel?: number;
  /** num_batch: 512 by default. */
  batch?: number;
}

export const DEFAULT_CONTEXT = 2048;
const F16_BYTES = 2;
/** Without the architecture: KV bytes per token per billion parameters (between GQA and full-head models). */
const APPROX_KV_PER_TOKEN_PER_BILLION = 32 * 1024;
const DEFAULT_VOCAB = 32_000;

/**
 * Memory a model needs once loaded, after Ollama's estimate (llm/memory.go and GraphSize in
 * fs/ggml): the weights, the f16 KV cache (2 bytes × context × layers × (key + value width) ×
 * KV heads), and the compute graph of a llama-style model for the batch. Advisory: other
 * architectures have their own graph formulas in Ollama; the llama one is used for all here.
 */
export function estimateModelMemory(facts: ModelFacts, options: EstimateOptions = {}): ModelMemoryEstimate | undefined {
  const contextLength = options.contextLength ?? DEFAULT_CONTEXT;
  const parallel = Math.max(1, options.parallel ?? 1);
  const batch = Math.min(options.batch ?? 512, contextLength);
  const ctx = contextLength * parallel;
  const params = facts.parameterCount ?? (facts.parameterSize ? parseParameterSize(facts.parameterSize) : undefined);

  let weightsBytes: number;
  let weightsFrom: ModelMemoryEstimate['weightsFrom'];
  if (facts.sizeBytes && facts.sizeBytes > 0) {
    weightsBytes = facts.sizeBytes;
    weightsFrom = 'file-size';
  } else {
    const bits = facts.quantization ? bitsPerWeight(facts.quantization) : undefined;
    if (!params || !bits) return undefined;
    weightsBytes = Math.round((params * bits) / 8);
    weightsFrom = 'parameters';
  }

  const a = facts.architecture;
  let kvCacheBytes: number;
  let graphBytes: number;
  if (a && a.blockCount > 0 && a.headCount > 0) {
    const headDim = a.embeddingLength / a.headCount;
    const k = a.keyLength ?? headDim;
    const v = a.valueLength ?? headDim;
    kvCacheBytes = F16_BYTES * ctx * a.blockCount * (k + v) * a.headCountKv;
    const vocab = a.vocabSize ?? DEFAULT_VOCAB;
    graphBytes = Math.max(
      4 * batch * (1 + 4 * a.embeddingLength + ctx * (1 + a.headCount)),
      4 * batch * (a.embeddingLength + vocab),
    );
  } else {
    const billions = (params ?? weightsBytes * 2) / 1e9;
    kvCacheBytes = Math.round(APPROX_KV_PER_TOKEN_PER_BILLION * billions * ctx);
    // Ollama's own fallback when it has no graph formula: GQA × KV / 6, with GQA taken as 4.
    graphBytes = Math.round((4 * kvCacheBytes) / 6);
  }
  return {
    weightsBytes,
    kvCacheBytes,
    graphBytes,
    totalBytes: weightsBytes + kvCacheBytes + graphBytes,
    contextLength,
    parallel,
    weightsFrom,
    kvFrom: a ? 'architecture' : 'approximate',
  };
}

/** Reads Ollama's /api/show `model_info` (keys prefixed by the architecture) into the figures above. */
export function architectureFromModelInfo(info: Record<string, unknown> | undefined): ModelArchitecture | undefined {
  if (!info) return undefined;
  const family =
    typeof info['general.architecture'] === 'string' ? (info['general.architecture'] as string) : undefined;
  if (!family) return undefined;
  const num = (key: string): number | undefined => {
    const v = info[`${family}.${key}`];
    if (typeof v === 'number') return v;
    if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return Math.max(...(v as number[]));
    return undefined;
  };
  const blockCount = num('block_count');
  const embeddingLength = num('embedding_length');
  const headCount = num('attention.head_count');
  if (!blockCount || !embeddingLength || !headCount) return undefined;
  const tokens = info['tokenizer.ggml.tokens'];
  const vocabSize = num('vocab_size') ?? (Array.isArray(tokens) && tokens.length > 0 ? tokens.length : undefined);
  const keyLength = num('attention.key_length');
  const valueLength = num('attention.value_length');
  return {
    family,
    blockCount,
    embeddingLength,
    headCount,
    headCountKv: num('attention.head_count_kv') ?? headCount,
    ...(keyLength ? { keyLength } : {}),
    ...(valueLength ? { valueLength } : {}),
    ...(vocabSize ? { vocabSize } : {}),
  };
}
