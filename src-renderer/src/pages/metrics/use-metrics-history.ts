import type { MetricsHistory, MetricsRange } from '../../../../src-shared/api/features/metrics';
import { useApiQuery } from '../../api/hooks';

const REFRESH_MS: Record<MetricsRange, number> = { '5m': 2000, '1h': 10_000, '24h': 60_000, '7d': 60_000 };

/** Every series name the history holds (services appear once they have run). */
export function useSeriesNames() {
  return useApiQuery('metrics:series', {}, { refetchInterval: 10_000 });
}

/** The history of the given series over the range, refreshed as often as the range's step. */
export function useMetricsHistory(series: string[], range: MetricsRange) {
  return useApiQuery(
    'metrics:history',
    { series, range },
    { enabled: series.length > 0, refetchInterval: REFRESH_MS[range], placeholderData: (prev) => prev },
  );
}

/** Names of a project's services found among the series names (`<prefix><service>.<figure>`, see `serviceSeriesPrefix`). */
export function servicesIn(names: string[], prefix = 'svc.'): string[] {
  const out = new Set<string>();
  for (const n of names) {
    if (!n.startsWith(prefix) || !n.endsWith('.mem_bytes')) continue;
    const service = n.slice(prefix.length, -'.mem_bytes'.length);
    if (service) out.add(service);
  }
  return [...out].sort();
}

/** Rows for recharts: one per time, one column per series (its average). */
export function toRows(
  history: MetricsHistory | undefined,
  column: (series: string) => string,
): Record<string, number>[] {
  const byTime = new Map<number, Record<string, number>>();
  for (const s of history?.series ?? []) {
    for (const [t, , avg] of s.points) {
      let row = byTime.get(t);
      if (!row) byTime.set(t, (row = { time: t }));
      row[column(s.name)] = avg;
    }
  }
  return [...byTime.values()].sort((a, b) => a.time! - b.time!);
}
