import type { InstalledModel, ModelGap } from '../../src-shared/api';

/** One entry of `/api/tags` as an Ollama-compatible server may send it: any field can be missing. */
export interface TagEntry {
  name?: unknown;
  model?: unknown;
  size?: unknown;
  modified_at?: unknown;
  details?: { family?: unknown; parameter_size?: unknown; quantization_level?: unknown } | null;
}

/** What `/api/ps` gave: the names in memory, or why that is unknown. */
export type LoadedModels = { names: Set<string> } | { unknown: string };

/**
 * Turns the server's `/api/tags` entries into rows: what the server said is kept, what it did not
 * say is left out of the row and named in `missing`. An entry without a name cannot be acted on and
 * is skipped.
 */
export function modelRows(entries: readonly TagEntry[], loaded: LoadedModels): InstalledModel[] {
  const rows: InstalledModel[] = [];
  for (const e of entries) {
    const name = text(e.name) || text(e.model);
    if (!name) continue;
    const missing: ModelGap[] = [];
    const size = typeof e.size === 'number' && Number.isFinite(e.size) && e.size >= 0 ? e.size : undefined;
    if (size === undefined)
      missing.push({
        field: 'sizeBytes',
        reason:
          e.size === undefined
            ? 'the server gave no size'
            : `the server's size ${JSON.stringify(e.size)} is not a number of bytes`,
      });
    const details = e.details && typeof e.details === 'object' ? e.details : undefined;
    if (!details)
      missing.push({ field: 'details', reason: 'the server gave no details (family, parameters, quantization)' });
    const modifiedAt = isoTime(e.modified_at);
    if (modifiedAt === undefined) {
      missing.push({
        field: 'modifiedAt',
        reason:
          e.modified_at === undefined
            ? 'the server gave no modified_at'
            : `the server's modified_at ${JSON.stringify(e.modified_at)} is not a time`,
      });
    }
    if ('unknown' in loaded) missing.push({ field: 'loaded', reason: loaded.unknown });
    rows.push({
      name,
      ...(size !== undefined ? { sizeBytes: size } : {}),
      family: text(details?.family),
      parameterSize: text(details?.parameter_size),
      quantization: text(details?.quantization_level),
      ...(modifiedAt !== undefined ? { modifiedAt } : {}),
      ...('names' in loaded ? { loaded: loaded.names.has(name) } : {}),
      ...(missing.length ? { missing } : {}),
    });
  }
  return rows;
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function isoTime(v: unknown): string | undefined {
  if (typeof v !== 'string' && !(v instanceof Date)) return undefined;
  const t = new Date(v);
  return Number.isNaN(t.getTime()) ? undefined : t.toISOString();
}
