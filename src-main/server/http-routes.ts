import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Core } from '../core';

/** One HTTP endpoint of the browser-mode server beside the renderer and the WebSocket. */
export interface HttpRoute {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  /** Public routes answer without the token (only /health is). */
  public?: boolean;
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> | void;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

/** The routes for scripts and monitors that every start of the browser mode answers. */
export function coreRoutes(core: Core): HttpRoute[] {
  return [
    {
      method: 'GET',
      path: '/health',
      public: true,
      handle: (_req, res) => sendJson(res, 200, { status: 'ok' }),
    },
    {
      method: 'GET',
      path: '/api/v1/status',
      handle: async (_req, res) => {
        const engine = await core.engineMonitor.current(2000);
        const host = core.hostSampler.latest() ?? (await core.hostSampler.sample());
        sendJson(res, 200, {
          app: { name: core.info.name, version: core.info.version, mode: core.info.mode },
          engine: {
            connected: engine.connected,
            version: engine.version ?? null,
            apiVersion: engine.apiVersion ?? null,
            endpoint: engine.endpoint,
            containers: engine.containers ?? null,
            ...(engine.connected ? {} : { error: engine.error, hint: engine.hint }),
          },
          host: {
            cpuPercent: host.cpuPercent,
            memUsedBytes: host.memUsedBytes,
            memTotalBytes: host.memTotalBytes,
            sampledAt: new Date(host.time).toISOString(),
          },
        });
      },
    },
  ];
}
