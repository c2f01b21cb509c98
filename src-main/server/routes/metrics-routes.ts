import { toPrometheusText, type MetricsCollector } from '../../metrics';
import type { HttpHandlers } from './bind-endpoint';

/** `GET /metrics` (token required) in the Prometheus text format, for the stack's Prometheus. */
export function metricsRoutes(collector: MetricsCollector): Pick<HttpHandlers, 'metrics'> {
  return {
    metrics: async () => {
      const snapshot = collector.latest() ?? (await collector.tick());
      return snapshot ? toPrometheusText(snapshot) : '';
    },
  };
}
