import type { OllamaNow } from './model-plan';
import { fullModelName } from './model-plan';
import type { OllamaView } from './planner-deps';

/** Ollama as it is now: where, what it holds in memory (`/api/ps`) and what is installed (`/api/tags`). */
export async function readOllama(view: OllamaView, timeoutMs = 2000): Promise<OllamaNow> {
  const [endpoint, held, tags] = await Promise.all([
    view.endpoint(),
    view.held(),
    view
      .client()
      .then(({ ollama }) => within(ollama.list(), timeoutMs))
      .then((r) => ({ models: (r as { models?: unknown }).models }))
      .catch((err: Error) => ({ error: err.message })),
  ]);
  const installed: OllamaNow['installed'] = new Map();
  if ('models' in tags && Array.isArray(tags.models)) {
    for (const m of tags.models as { name?: unknown; size?: unknown; details?: Record<string, unknown> }[]) {
      if (typeof m?.name !== 'string') continue;
      const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
      installed.set(fullModelName(m.name), {
        ...(typeof m.size === 'number' && m.size > 0 ? { sizeBytes: m.size } : {}),
        ...(text(m.details?.parameter_size) ? { parameterSize: text(m.details?.parameter_size)! } : {}),
        ...(text(m.details?.quantization_level) ? { quantization: text(m.details?.quantization_level)! } : {}),
      });
    }
  }
  const reachable = 'models' in held;
  return {
    url: endpoint.url,
    source: endpoint.source,
    reachable,
    ...(reachable ? {} : { error: 'unknown' in held ? held.unknown : 'error' in tags ? tags.error : 'no answer' }),
    held: 'models' in held ? held.models.map((m) => ({ ...m, name: fullModelName(m.name) })) : [],
    installed,
  };
}

/** What `/api/tags` says of an installed model; undefined when it is not installed. */
export function modelFacts(
  ollama: OllamaNow,
  model: string,
): { sizeBytes?: number; parameterSize?: string; quantization?: string } | undefined {
  return ollama.installed.get(fullModelName(model));
}

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
