export { formatBytes } from '../../../src-shared/format';

export function formatPercent(p: number | undefined): string {
  return p === undefined || !Number.isFinite(p) ? '–' : `${p.toFixed(1)} %`;
}

export function formatClock(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}
