import type { ProgressEvent } from '../../../../src-shared/api';

export function describeProgress(e: ProgressEvent | undefined): string {
  if (!e) return 'queued';
  switch (e.phase) {
    case 'pulling':
      return `pulling ${e.percent ?? 0}%`;
    case 'building':
      return `building${e.percent !== undefined ? ` ${e.percent}%` : ''}${e.detail ? `: ${e.detail}` : ''}`;
    case 'waiting':
      return e.detail ?? 'waiting';
    case 'failed':
      return `failed: ${e.detail ?? 'unknown error'}`;
    case 'recreating':
      return 'recreating (configuration changed)';
    default:
      return e.phase;
  }
}
