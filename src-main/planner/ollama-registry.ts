import { ApiError } from '../../src-shared/api';
import { validateModelName } from '../models';

/** What a model's manifest in its registry says before it is pulled. */
export interface RegistryModel {
  /** Every blob the pull downloads (the config and the layers). */
  downloadBytes: number;
  /** The GGUF weights (the `application/vnd.ollama.image.model` layer). */
  modelBytes: number;
  family?: string;
  /** `model_type` of its config, e.g. "1B". */
  parameterSize?: string;
  /** `file_type` of its config, e.g. "Q4_0". */
  quantization?: string;
  /** The manifest's address. */
  source: string;
}

export const DEFAULT_REGISTRY = 'registry.ollama.ai';
const MANIFEST_TYPE = 'application/vnd.docker.distribution.manifest.v2+json';
const MODEL_LAYER = 'application/vnd.ollama.image.model';

/**
 * Where Ollama pulls a model from: `[host/][namespace/]name[:tag]`, the host defaulting to
 * registry.ollama.ai, the namespace to `library`, the tag to `latest`. A loopback registry is
 * spoken to over plain HTTP (as `ollama pull --insecure` would), any other over HTTPS.
 */
export function manifestAddress(model: string): { base: string; repository: string; tag: string } {
  validateModelName(model);
  const [path, tag = 'latest'] = splitTag(model);
  const parts = path.split('/');
  const host = parts.length >= 3 || (parts.length === 2 && /[.:]/.test(parts[0]!)) ? parts.shift()! : DEFAULT_REGISTRY;
  if (parts.length === 1) parts.unshift('library');
  const loopback = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?$/.test(host);
  return { base: `${loopback ? 'http' : 'https'}://${host}`, repository: parts.join('/'), tag };
}

function splitTag(model: string): [string, string?] {
  const slash = model.lastIndexOf('/');
  const colon = model.lastIndexOf(':');
  return colon > slash ? [model.slice(0, colon), model.slice(colon + 1)] : [model];
}

/**
 * Reads a model's manifest (the Docker registry HTTP API v2, which Ollama's registry speaks) and
 * its config blob: the bytes a pull downloads and the facts that size its memory.
 */
export async function fetchRegistryModel(
  model: string,
  options: { timeoutMs?: number; fetch?: typeof fetch } = {},
): Promise<RegistryModel> {
  const { base, repository, tag } = manifestAddress(model);
  const source = `${base}/v2/${repository}/manifests/${tag}`;
  const get = async (url: string, accept: string): Promise<unknown> => {
    const res = await (options.fetch ?? fetch)(url, {
      headers: { Accept: accept },
      signal: AbortSignal.timeout(options.timeoutMs ?? 3000),
    });
    if (res.status === 404)
      throw new ApiError('NOT_FOUND', `${model} is not in the registry (${source} answered 404)`, 'Check the name.');
    if (!res.ok) throw new ApiError('UNAVAILABLE', `${source} answered HTTP ${res.status}`);
    return res.json();
  };
  const manifest = (await get(source, MANIFEST_TYPE)) as {
    config?: { digest?: string; size?: number };
    layers?: { mediaType?: string; digest?: string; size?: number }[];
  };
  const layers = Array.isArray(manifest.layers) ? manifest.layers : [];
  const size = (n: unknown) => (typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 0);
  const out: RegistryModel = {
    downloadBytes: size(manifest.config?.size) + layers.reduce((a, l) => a + size(l.size), 0),
    modelBytes: size(layers.find((l) => l.mediaType === MODEL_LAYER)?.size),
    source,
  };
  if (!out.modelBytes) throw new ApiError('UNAVAILABLE', `${source} lists no model layer (${MODEL_LAYER})`);
  const digest = manifest.config?.digest;
  if (typeof digest === 'string' && /^sha256:[a-f0-9]{64}$/.test(digest)) {
    try {
      const config = (await get(`${base}/v2/${repository}/blobs/${digest}`, 'application/json')) as Record<
        string,
        unknown
      >;
      const text = (k: string) => (typeof config[k] === 'string' && config[k] ? (config[k] as string) : undefined);
      if (text('model_family')) out.family = text('model_family')!;
      if (text('model_type')) out.parameterSize = text('model_type')!;
      if (text('file_type')) out.quantization = text('file_type')!;
    } catch {
      // The sizes alone still answer the disk question.
    }
  }
  return out;
}
