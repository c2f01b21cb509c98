import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { ComposeProject, ServiceSpec } from '../../src-shared/api';
import { formatMemory } from '../../src-shared/format';
import { templateFiles, type StackService } from '../stack';
import { describeUsage, type ServiceUsage } from './service-usage';

/**
 * The project's resolved compose model per choice of profiles, read again only when one of its
 * files (the templates, the override file, anything they include) changed: reading and
 * validating the whole stack takes tens of milliseconds, a look at the files' times far less.
 */
export class ProjectModels {
  private readonly cache = new Map<string, { signature: string; model: ComposeProject }>();

  constructor(readonly stack: StackService) {}

  load(profiles: string[]): ComposeProject {
    const key = [...profiles].sort().join(',');
    const known = this.cache.get(key);
    if (known && known.signature === this.signature(known.model.files)) return known.model;
    const model = this.stack.load(profiles);
    this.cache.set(key, { signature: this.signature(model.files), model });
    return model;
  }

  /** Every service the project defines, whatever its profiles. */
  all(): ComposeProject {
    return this.load(['*']);
  }

  private signature(files: string[]): string {
    const dir = this.stack.templatesDir;
    let names: string[];
    try {
      names = templateFiles(dir);
    } catch {
      names = [];
    }
    const all = [...new Set([...names, ...files, this.stack.overrideFile, join(dir, '.env')])].sort();
    return all
      .map((f) => {
        try {
          const s = statSync(f);
          return `${f}:${s.mtimeMs}:${s.size}`;
        } catch {
          return `${f}:-`;
        }
      })
      .join('|');
  }
}

export interface ExpectedUse {
  bytes: number;
  from: 'history' | 'reservation' | 'limit' | 'none';
  source: string;
}

/** A service's expected working set: its measured p95 where the history has one, else its reservation, else its limit. */
export function expectedUse(spec: ServiceSpec, usage: ServiceUsage | undefined): ExpectedUse {
  if (usage) return { bytes: usage.p95Bytes, from: 'history', source: describeUsage(usage) };
  const reservation = spec.reservations.memoryBytes;
  if (reservation)
    return {
      bytes: reservation,
      from: 'reservation',
      source: `no history; its memory reservation (deploy.resources.reservations.memory ${formatMemory(reservation)})`,
    };
  const limit = spec.limits.memoryBytes;
  if (limit)
    return {
      bytes: limit,
      from: 'limit',
      source: `no history or reservation; its memory limit (deploy.resources.limits.memory ${formatMemory(limit)})`,
    };
  return {
    bytes: 0,
    from: 'none',
    source: 'no history, reservation or limit: counted as nothing until it has run once with the app measuring',
  };
}
