import { createHash } from 'node:crypto';
import type { ServiceSpec } from './compose-model';

/**
 * The hash of everything that shapes a service's container. Profile membership and source
 * positions are left out: moving a service between files or profiles does not recreate it.
 */
export function configHash(spec: ServiceSpec): string {
  const { source: _source, profiles: _profiles, dependsOn: _deps, ...shape } = spec;
  return createHash('sha256').update(canonical(shape)).digest('hex');
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
