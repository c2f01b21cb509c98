import type { HttpRoute } from '../server/http-routes';
import type { MetricsCollector } from './metrics-collector';
import { toPrometheusText } from './prometheus-format';

/** `GET /metrics` (token required) in the Prometheus text format, for the stack's Prometheus. */
export function metricsRoutes(collector: MetricsCollector): HttpRoute[] {
  return [
    {
      method: 'GET',
      path: '/metrics',
      handle: async (_req, res) => {
        const snapshot = collector.latest() ?? (await collector.tick());
        const text = snapshot ? toPrometheusText(snapshot) : '';
        res.writeHead(200, {
          'Content-Type': 'text/plain; version=0.0.4; charset=utf-8',
          'Content-Length': Buffer.byteLength(text),
          'Cache-Control': 'no-store',
        });
        res.end(text);
      },
    },
  ];
}
