/**
 * Average bits per weight of GGUF quantization types, as llama.cpp's block layouts give them
 * (Q4_0 stores 32 weights in 16 bytes of nibbles plus a 2-byte scale: 18 × 8 / 32 = 4.5), and for
 * the K-quant mixes the file-wide average llama.cpp reports for 7B-class models.
 */
const BITS_PER_WEIGHT: Record<string, number> = {
  F32: 32,
  F16: 16,
  BF16: 16,
  Q8_0: 8.5,
  Q6_K: 6.5625,
  Q5_0: 5.5,
  Q5_1: 6,
  Q5_K_S: 5.54,
  Q5_K_M: 5.69,
  Q4_0: 4.5,
  Q4_1: 5,
  Q4_K_S: 4.58,
  Q4_K_M: 4.85,
  Q3_K_S: 3.5,
  Q3_K_M: 3.91,
  Q3_K_L: 4.27,
  Q2_K: 3.35,
  IQ4_XS: 4.25,
  IQ4_NL: 4.5,
  IQ3_XXS: 3.06,
  IQ2_XS: 2.31,
};

/** Bits per weight for a quantization name such as `Q4_K_M` or `q8_0`; undefined when unknown. */
export function bitsPerWeight(quantization: string): number | undefined {
  return BITS_PER_WEIGHT[quantization.trim().toUpperCase()];
}

export const KNOWN_QUANTIZATIONS = Object.keys(BITS_PER_WEIGHT);

/** Ollama's `parameter_size` ("1.1B", "8.0B", "137M", "70B") as a count; undefined when unreadable. */
export function parseParameterSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([KMBT])\s*$/i.exec(text);
  if (!m) return undefined;
  const scale = { K: 1e3, M: 1e6, B: 1e9, T: 1e12 }[m[2]!.toUpperCase() as 'K' | 'M' | 'B' | 'T'];
  return Math.round(Number(m[1]) * scale);
}
