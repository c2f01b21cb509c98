import type { Figure } from '../../src-shared/api/features/hardware';
import { gib, GIB } from './figures';

export interface OllamaHost {
  physicalCores: number;
  memTotalBytes: number;
  gpuCount: number;
  /** Memory Ollama may use: its container limit in the stack, else RAM. */
  ollamaMemoryBytes: number;
  /** The largest installed model's estimated need; a 7B Q4 model (~5 GiB) when none is installed. */
  typicalModelBytes: number;
}

export interface OllamaSetting {
  name: string;
  value: string;
  reason: string;
}

/** OLLAMA_NUM_PARALLEL, OLLAMA_MAX_LOADED_MODELS and OLLAMA_KEEP_ALIVE for this host, each with its reason. */
export function recommendOllamaSettings(h: OllamaHost): {
  settings: OllamaSetting[];
  threads: OllamaSetting;
  figures: Figure[];
} {
  const cores = Math.max(1, h.physicalCores);
  const memGiB = h.memTotalBytes / GIB;
  const parallel = cores >= 8 && memGiB >= 32 ? 4 : cores >= 4 && memGiB >= 16 ? 2 : 1;
  const fitCount = Math.floor(h.ollamaMemoryBytes / Math.max(h.typicalModelBytes, 1));
  const maxLoaded = Math.max(1, Math.min(h.gpuCount > 0 ? 3 * h.gpuCount : 3, fitCount));
  const keepAlive = memGiB < 16 ? '2m' : memGiB < 32 ? '5m' : '30m';
  const settings: OllamaSetting[] = [
    {
      name: 'OLLAMA_NUM_PARALLEL',
      value: String(parallel),
      reason:
        parallel === 1
          ? `${cores} physical cores and ${gib(h.memTotalBytes)} GiB RAM: a second request in parallel would halve each one's CPU share and add a full KV cache`
          : `${cores} physical cores and ${gib(h.memTotalBytes)} GiB RAM serve ${parallel} requests at once; each adds one KV cache per loaded model`,
    },
    {
      name: 'OLLAMA_MAX_LOADED_MODELS',
      value: String(maxLoaded),
      reason: `${fitCount === 0 ? 'not even one model' : `${fitCount} model${fitCount === 1 ? '' : 's'}`} of ${gib(h.typicalModelBytes)} GiB fit${fitCount <= 1 ? 's' : ''} in the ${gib(h.ollamaMemoryBytes)} GiB Ollama may use${h.gpuCount > 0 ? `; Ollama's own default is 3 per GPU` : ''}`,
    },
    {
      name: 'OLLAMA_KEEP_ALIVE',
      value: keepAlive,
      reason:
        memGiB < 16
          ? `${gib(h.memTotalBytes)} GiB RAM is tight: unload an idle model after 2 minutes so the rest of the stack gets the memory back`
          : memGiB < 32
            ? `${gib(h.memTotalBytes)} GiB RAM: Ollama's default of 5 minutes keeps a model warm between questions without holding memory for long`
            : `${gib(h.memTotalBytes)} GiB RAM has room to keep a model loaded for 30 minutes and skip reload delays`,
    },
  ];
  const threads = {
    name: 'num_thread',
    value: String(cores),
    reason: `one thread per physical core (${cores}); hyper-threads share a core's vector units and slow token generation. Ollama takes it as the model option num_thread (a Modelfile PARAMETER or a request option), not as an environment variable`,
  };
  const figures: Figure[] = [
    { label: 'physical cores', value: String(cores) },
    { label: 'RAM', value: `${gib(h.memTotalBytes)} GiB` },
    { label: 'Ollama may use', value: `${gib(h.ollamaMemoryBytes)} GiB` },
    { label: 'typical model', value: `${gib(h.typicalModelBytes)} GiB` },
    { label: 'GPUs', value: String(h.gpuCount) },
  ];
  return { settings, threads, figures };
}
