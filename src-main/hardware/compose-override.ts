import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { ApiError } from '../../src-shared/api';
import type { OverrideState, ServiceOverride } from '../../src-shared/api/features/hardware';
import { composeMemory } from './figures';

const APPLIED_KEY = 'x-sutazai-applied';
const HEADER = [
  '# Written by the SutazAI Control Center hardware optimizer; the stack reads it after the templates.',
  '# Undo a recommendation on the Hardware page; deleting this file undoes them all.',
  '# Edits here are replaced when a recommendation is applied or undone.',
].join('\n');

type Applied = OverrideState['applied'][number];

/**
 * The compose override file the optimizer owns. The applied recommendations are kept in the
 * file itself under an `x-` key (which compose and the loader skip), and the `services` part is
 * rebuilt from them in order, so undoing one drops exactly its entries and undoing the last
 * removes the file, leaving the templates' values as they were.
 */
export class ComposeOverride {
  constructor(readonly file: string) {}

  state(): OverrideState {
    return { file: this.file, exists: existsSync(this.file), applied: this.read() };
  }

  apply(
    entry: { id: string; title: string; changes: Record<string, ServiceOverride> },
    now = Date.now(),
  ): OverrideState {
    const applied = this.read().filter((a) => a.id !== entry.id);
    applied.push({ id: entry.id, title: entry.title, appliedAt: now, changes: entry.changes });
    this.write(applied);
    return this.state();
  }

  undo(id: string): OverrideState {
    const applied = this.read();
    if (!applied.some((a) => a.id === id))
      throw new ApiError('NOT_FOUND', `recommendation ${id} is not applied in ${this.file}`);
    this.write(applied.filter((a) => a.id !== id));
    return this.state();
  }

  private read(): Applied[] {
    if (!existsSync(this.file)) return [];
    let data: unknown;
    try {
      data = parse(readFileSync(this.file, 'utf8'));
    } catch (err) {
      throw new ApiError(
        'CONFLICT',
        `${this.file} is not valid YAML: ${(err as Error).message}`,
        'Fix or move the file away, then try again.',
      );
    }
    const list = (data as Record<string, unknown> | null)?.[APPLIED_KEY];
    if (!Array.isArray(list)) {
      throw new ApiError(
        'CONFLICT',
        `${this.file} was not written by the hardware optimizer (no ${APPLIED_KEY} list)`,
        'Move the file away to let the optimizer write its own; it is never overwritten.',
      );
    }
    return list as Applied[];
  }

  private write(applied: Applied[]): void {
    if (applied.length === 0) {
      rmSync(this.file, { force: true });
      return;
    }
    const services: Record<string, Record<string, unknown>> = {};
    for (const a of applied) {
      for (const [name, change] of Object.entries(a.changes)) {
        const svc = (services[name] ??= {});
        if (change.environment) {
          const env = ((svc.environment as Record<string, string>) ??= {});
          for (const [k, v] of Object.entries(change.environment)) env[k] = v.replaceAll('$', '$$$$');
        }
        const { memoryLimitBytes: limit, memoryReservationBytes: reservation } = change;
        if (limit !== undefined || reservation !== undefined) {
          const deploy = (svc.deploy ??= {}) as { resources?: Record<string, Record<string, string>> };
          const resources = (deploy.resources ??= {});
          if (limit !== undefined) resources.limits = { ...resources.limits, memory: composeMemory(limit) };
          if (reservation !== undefined)
            resources.reservations = { ...resources.reservations, memory: composeMemory(reservation) };
        }
      }
    }
    const text = `${HEADER}\n${stringify({ services, [APPLIED_KEY]: applied })}`;
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, text, { mode: 0o644 });
    renameSync(tmp, this.file);
  }
}
