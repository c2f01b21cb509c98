import { Ollama } from 'ollama';
import type { InstalledModel, OllamaStatus, PullState } from '../../src-shared/api';
import { ApiError } from '../../src-shared/api';
import { validateModelName } from './model-name';
import { modelRows, type LoadedModels, type TagEntry } from './model-rows';
import {
  OLLAMA_URL_SETTING,
  normalizeOllamaUrl,
  resolveOllamaEndpoint,
  type EndpointSources,
  type OllamaEndpoint,
} from './ollama-endpoint';
import { ollamaError } from './ollama-errors';
import { PullTracker } from './pull-tracker';

/** The model the chat offers to pull when none is installed (the seeds' default, 637 MB). */
export const STARTER_MODEL = { name: 'tinyllama', size: '637 MB' };
export const STARTER_PROFILE = 'minimal';

export interface ModelServiceOptions extends EndpointSources {
  /** The hardware feature's memory fit estimate for an installed model, when there is one. */
  fitEstimate?: (model: {
    name: string;
    sizeBytes: number;
    parameterSize: string;
    quantization: string;
  }) => Promise<{ fits: boolean; note: string } | undefined>;
  stackUpAvailable: boolean;
}

/** Ollama's models through the `ollama` client: list, pull with per-layer progress, delete. */
export class ModelService {
  readonly pulls = new PullTracker();

  constructor(private readonly options: ModelServiceOptions) {}

  endpoint(): Promise<OllamaEndpoint> {
    return resolveOllamaEndpoint(this.options);
  }

  async client(): Promise<{ ollama: Ollama; url: string }> {
    const { url } = await this.endpoint();
    return { ollama: new Ollama({ host: url }), url };
  }

  async status(): Promise<OllamaStatus> {
    const { url, source } = await this.endpoint();
    const fix = {
      profile: STARTER_PROFILE,
      model: STARTER_MODEL.name,
      modelSize: STARTER_MODEL.size,
      stackUpAvailable: this.options.stackUpAvailable,
      command: `sutazai up ${STARTER_PROFILE}`,
    };
    const ollama = new Ollama({ host: url });
    try {
      const [{ version }, { models }] = await Promise.all([
        withTimeout(ollama.version(), 3000),
        withTimeout(ollama.list(), 3000),
      ]);
      return { url, source, reachable: true, version, modelCount: models.length, fix };
    } catch (err) {
      return { url, source, reachable: false, modelCount: 0, error: ollamaError(err, url).message, fix };
    }
  }

  async setUrl(url: string | null): Promise<OllamaStatus> {
    if (url === null || url.trim() === '') this.options.settings.delete(OLLAMA_URL_SETTING);
    else this.options.settings.set(OLLAMA_URL_SETTING, normalizeOllamaUrl(url, 'Ollama URL'));
    return this.status();
  }

  /**
   * The installed models. Only `/api/tags` is required: when the server lacks `/api/ps`, or leaves
   * fields out, the rows hold what it did say and name the rest in `missing`.
   */
  async list(): Promise<InstalledModel[]> {
    const { ollama, url } = await this.client();
    const [tags, loaded] = await Promise.all([
      ollama.list().catch((err: unknown) => Promise.reject(ollamaError(err, url))),
      this.loadedModels(ollama, url),
    ]);
    const entries = (tags as { models?: unknown } | null)?.models;
    if (!Array.isArray(entries))
      throw new ApiError('UNAVAILABLE', `Ollama at ${url}: /api/tags answered without a list of models`);
    const rows = modelRows(entries as TagEntry[], loaded);
    const estimate = this.options.fitEstimate;
    if (!estimate) return rows;
    return Promise.all(
      rows.map(async (r) => {
        if (r.sizeBytes === undefined) return r;
        const fit = await estimate({ ...r, sizeBytes: r.sizeBytes }).catch(() => undefined);
        return fit ? { ...r, fit } : r;
      }),
    );
  }

  /** The names `/api/ps` reports in memory, or why that is unknown; never fails the list. */
  private async loadedModels(ollama: Ollama, url: string): Promise<LoadedModels> {
    try {
      const ps = (await withTimeout(ollama.ps(), 5000)) as { models?: unknown } | null;
      if (!Array.isArray(ps?.models)) return { unknown: `${url}/api/ps answered without a list of models` };
      const names = (ps.models as { name?: unknown; model?: unknown }[])
        .map((m) => m?.name ?? m?.model)
        .filter((n): n is string => typeof n === 'string');
      return { names: new Set(names) };
    } catch (err) {
      const status = (err as { status_code?: unknown }).status_code;
      if (status === 404 || status === 405)
        return {
          unknown: `the server at ${url} has no /api/ps (HTTP ${status}), so which models are in memory is unknown`,
        };
      return { unknown: `which models are in memory is unknown: ${ollamaError(err, url).message}` };
    }
  }

  /** Starts a pull (or joins the running one) and returns at once; progress arrives on `pulls`. */
  async pull(model: string): Promise<PullState> {
    validateModelName(model);
    const running = this.pulls.running(model);
    if (running) return running;
    const { ollama, url } = await this.client();
    const controller = this.pulls.begin(model);
    void (async () => {
      try {
        const iterator = await ollama.pull({ model, stream: true });
        controller.signal.addEventListener('abort', () => iterator.abort(), { once: true });
        if (controller.signal.aborted) iterator.abort();
        for await (const line of iterator) this.pulls.progress(model, line);
        this.pulls.finish(model, 'success');
      } catch (err) {
        if (controller.signal.aborted) this.pulls.finish(model, 'cancelled');
        else this.pulls.finish(model, 'failed', ollamaError(err, url).message);
      }
    })();
    return this.pulls.running(model) ?? this.pulls.list().find((p) => p.model === model)!;
  }

  /**
   * Loads a model into memory without asking it anything (Ollama's documented load: a generate
   * request with an empty prompt), then reads `/api/ps` for what it takes.
   */
  async load(
    model: string,
    options: { contextLength?: number } = {},
  ): Promise<{ model: string; sizeBytes?: number; vramBytes?: number }> {
    validateModelName(model);
    const { ollama, url } = await this.client();
    try {
      await ollama.generate({
        model,
        prompt: '',
        stream: false,
        ...(options.contextLength ? { options: { num_ctx: options.contextLength } } : {}),
      });
    } catch (err) {
      throw ollamaError(err, url);
    }
    const held = await this.held();
    const entry =
      'models' in held ? held.models.find((m) => m.name === model || m.name === `${model}:latest`) : undefined;
    return entry ? { model, sizeBytes: entry.sizeBytes, vramBytes: entry.vramBytes } : { model };
  }

  /** The models Ollama holds in memory (`/api/ps`) with their size and the part in VRAM, or why that is unknown. */
  async held(): Promise<
    { url: string; models: { name: string; sizeBytes: number; vramBytes: number }[] } | { url: string; unknown: string }
  > {
    const { ollama, url } = await this.client();
    try {
      const ps = (await withTimeout(ollama.ps(), 2000)) as { models?: unknown } | null;
      if (!Array.isArray(ps?.models)) return { url, unknown: `${url}/api/ps answered without a list of models` };
      return {
        url,
        models: (ps.models as { name?: unknown; model?: unknown; size?: unknown; size_vram?: unknown }[]).flatMap(
          (m) => {
            const name = m?.name ?? m?.model;
            if (typeof name !== 'string') return [];
            const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0);
            return [{ name, sizeBytes: num(m.size), vramBytes: num(m.size_vram) }];
          },
        ),
      };
    } catch (err) {
      return { url, unknown: ollamaError(err, url).message };
    }
  }

  cancelPull(model: string): PullState | null {
    return this.pulls.cancel(model);
  }

  async remove(model: string): Promise<{ deleted: string }> {
    validateModelName(model);
    const { ollama, url } = await this.client();
    try {
      await ollama.delete({ model });
      return { deleted: model };
    } catch (err) {
      throw ollamaError(err, url);
    }
  }

  dispose(): void {
    this.pulls.dispose();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new ApiError('TIMEOUT', `no answer within ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e) => (clearTimeout(t), reject(e)),
    );
  });
}
