import type { LogSourceState } from '../../../../src-shared/api/features/logs';

/** What a follow waits for, in words ("api stopped (exit 1), waiting for it to start again"); undefined while every service is read. */
export function waitingText(sources: LogSourceState[]): string | undefined {
  const parts = sources.flatMap((s) => {
    if (s.state === 'stopped')
      return [
        `${s.service} stopped${s.exitCode === undefined ? '' : ` (exit ${s.exitCode})`}, waiting for it to start again`,
      ];
    if (s.state === 'removed') return [`${s.service} removed, waiting for a new container`];
    return [];
  });
  return parts.length ? parts.join('; ') : undefined;
}
