import { join } from 'node:path';
import { DEFAULT_SERVE_HOST, DEFAULT_SERVE_PORT } from '../../src-shared/defaults';
import { appVersion, createCore, projectRoot, type Core } from '../core';
import { resolveAppHome } from '../store';
import { resolveToken } from './auth';
import { coreRoutes } from './http-routes';
import { eventsRoutes } from '../events';
import { agentsRoutes } from '../agents';
import { chatRoutes } from '../chat';
import { metricsRoutes } from '../metrics';
import { startBrowserServer, type BrowserServer } from './http-server';

export interface ServeOptions {
  host?: string;
  port?: number;
  env?: NodeJS.ProcessEnv;
  /** Where the built renderer is; defaults to out/renderer of this install. */
  staticDir?: string;
  templatesDir?: string;
  project?: string;
  /** The Ollama to talk to (`--ollama-url`), ahead of settings, OLLAMA_HOST and the stack. */
  ollamaUrl?: string;
  memoryBudgetBytes?: number;
}

export interface RunningServer {
  core: Core;
  server: BrowserServer;
  token: string;
  stop(): Promise<void>;
}

/** Composition root of the browser mode: the core, the sampler, and the HTTP/WebSocket server. */
export async function serve(options: ServeOptions = {}): Promise<RunningServer> {
  const env = options.env ?? process.env;
  const host = options.host ?? DEFAULT_SERVE_HOST;
  const token = resolveToken(env);
  const core = createCore({
    home: resolveAppHome(env),
    mode: 'browser',
    env,
    version: appVersion(),
    ...(options.templatesDir ? { templatesDir: options.templatesDir } : {}),
    ...(options.project ? { project: options.project } : {}),
    ...(options.ollamaUrl ? { ollamaUrl: options.ollamaUrl } : {}),
    ...(options.memoryBudgetBytes ? { memoryBudgetBytes: options.memoryBudgetBytes } : {}),
  });
  core.hostSampler.start();
  core.startSupervision();
  let server: BrowserServer;
  try {
    server = await startBrowserServer({
      router: core.router,
      routes: [...coreRoutes(core), ...chatRoutes(core.chat, core.models), ...eventsRoutes(core.events), ...agentsRoutes(core.agents), ...metricsRoutes(core.metrics)],
      token,
      host,
      port: options.port ?? DEFAULT_SERVE_PORT,
      staticDir: options.staticDir ?? join(projectRoot(), 'out', 'renderer'),
    });
  } catch (err) {
    core.dispose();
    throw err;
  }
  return {
    core,
    server,
    token,
    async stop() {
      await server.close();
      core.dispose();
    },
  };
}
