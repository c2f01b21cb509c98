import { endpoint } from './endpoint';

export const metricsEndpoints = {
  metrics: endpoint({
    method: 'GET',
    path: '/metrics',
    tag: 'metrics',
    summary: 'Host, app, container and GPU figures for Prometheus',
    stackToken: true,
    reply: {
      kind: 'text',
      contentType: 'text/plain; version=0.0.4; charset=utf-8',
      description:
        'The Prometheus text format 0.0.4: sutazai_host_*, sutazai_app_*, sutazai_container_* and sutazai_gpu_*.',
    },
    errors: [],
  }),
};
