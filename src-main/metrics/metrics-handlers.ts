import type { FeatureHandlers } from '../rpc';
import { historyToCsv } from './history-csv';
import type { MetricsCollector } from './metrics-collector';
import type { MetricsRepository } from './metrics-repository';

export function createMetricsHandlers(
  collector: MetricsCollector,
  repository: MetricsRepository,
): FeatureHandlers<'metrics'> {
  /** Connections whose end is already being listened for (the signal lives as long as the connection). */
  const peers = new Set<string>();
  return {
    'metrics:latest': async () => collector.latest() ?? (await collector.tick()),
    'metrics:series': () => repository.seriesNames(),
    'metrics:history': ({ series, range }) => repository.history(series, range),
    'metrics:csv': ({ series, range }) => historyToCsv(repository.history(series, range)),
    'metrics:stream': (_input, emit, ctx) => collector.watch(ctx.peer, emit),
    'metrics:visibility': ({ visible }, ctx) => {
      if (!peers.has(ctx.peer)) {
        peers.add(ctx.peer);
        ctx.signal.addEventListener(
          'abort',
          () => {
            peers.delete(ctx.peer);
            collector.forget(ctx.peer);
          },
          { once: true },
        );
      }
      return { intervalMs: collector.setVisible(ctx.peer, visible) };
    },
  };
}
