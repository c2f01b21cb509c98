import { httpContract, openApiDocument } from '../../../src-shared/api/http';
import type { Core } from '../../core';
import type { HttpHandlers } from './bind-endpoint';

type SystemHandlers = Pick<HttpHandlers, 'health' | 'status' | 'openapi'>;

/** /health, the status at a glance, and this API's own OpenAPI document. */
export function systemRoutes(core: Pick<Core, 'engineMonitor' | 'hostSampler' | 'info'>): SystemHandlers {
  return {
    health: () => ({ status: 'ok' as const }),
    status: async () => {
      const engine = await core.engineMonitor.current(2000);
      const host = core.hostSampler.latest() ?? (await core.hostSampler.sample());
      return {
        app: { name: core.info.name, version: core.info.version, mode: core.info.mode },
        engine: {
          connected: engine.connected,
          version: engine.version ?? null,
          apiVersion: engine.apiVersion ?? null,
          endpoint: engine.endpoint,
          containers: engine.containers ?? null,
          ...(engine.connected
            ? {}
            : { ...(engine.error ? { error: engine.error } : {}), ...(engine.hint ? { hint: engine.hint } : {}) }),
        },
        host: {
          cpuPercent: host.cpuPercent,
          memUsedBytes: host.memUsedBytes,
          memTotalBytes: host.memTotalBytes,
          sampledAt: new Date(host.time).toISOString(),
        },
      };
    },
    openapi: (_input, ctx) =>
      openApiDocument(httpContract, { title: core.info.name, version: core.info.version, serverUrl: ctx.origin }),
  };
}
