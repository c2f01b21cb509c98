import type { FeatureHandlers } from '../rpc/handlers';
import { historyToCsv } from './history-csv';
import type { MetricsCollector } from './metrics-collector';
import type { MetricsRepository } from './metrics-repository';

export function createMetricsHandlers(collector: MetricsCollector, repository: MetricsRepository): FeatureHandlers<'metrics'> {
  return {
    'metrics:latest': async () => collector.latest() ?? (await collector.tick()),
    'metrics:series': () => repository.seriesNames(),
    'metrics:history': ({ series, range }) => repository.history(series, range),
    'metrics:csv': ({ series, range }) => historyToCsv(repository.history(series, range)),
    'metrics:stream': (_input, emit, ctx) => collector.watch(ctx.peer, emit),
    'metrics:visibility': ({ visible }, ctx) => {
      ctx.signal.addEventListener('abort', () => collector.forget(ctx.peer), { once: true });
      return { intervalMs: collector.setVisible(ctx.peer, visible) };
    },
  };
}
