import type { ContainerEnd } from './container-watch';

/** A line of the follow's own between a service's lines (`── api stopped (exit 1) ──`), dim on a terminal. */
export function markerLine(prefix: string, text: string, color: boolean): string {
  const body = `── ${text} ──`;
  return `${prefix}${color ? `\u001b[2m${body}\u001b[0m` : body}\r\n`;
}

/** What a marker says about a container whose log ended; undefined when there is nothing to say. */
export function endText(service: string, end: ContainerEnd | { kind: 'unknown'; message: string }): string | undefined {
  switch (end.kind) {
    case 'stopped':
    case 'restarted': {
      const detail = [
        end.exitCode === undefined ? undefined : `exit ${end.exitCode}`,
        end.kind === 'stopped' && end.oomKilled ? 'out of memory' : undefined,
      ].filter(Boolean);
      return `${service} stopped${detail.length ? ` (${detail.join(', ')})` : ''}`;
    }
    case 'removed':
      return `${service} removed`;
    case 'unknown':
      return `${service} log interrupted (${end.message}), reading it again`;
    case 'running':
      return undefined;
  }
}

export function startText(service: string, newContainer?: string): string {
  return newContainer ? `${service} started (new container ${newContainer})` : `${service} started`;
}
