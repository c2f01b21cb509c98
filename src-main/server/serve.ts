import { join } from 'node:path';
import { DEFAULT_SERVE_HOST, DEFAULT_SERVE_PORT } from '../../src-shared/defaults';
import { appVersion, createCore, projectRoot, type Core } from '../core';
import { ensureAppHome, resolveAppHome } from '../store';
import { startBrowserServer, type BrowserServer } from './http-server';
import { apiRoutes } from './routes';
import { startStackEndpoint, DEFAULT_STACK_PORT, type StackEndpoint } from './stack-endpoint';
import { planBind } from './bind-address';
import type { ServerLimits } from './server-limits';
import { generatedCertificate, loadGivenCertificate, TlsSetupError, type TlsMaterial } from './tls-certificate';

export interface ServeOptions {
  host?: string;
  port?: number;
  /** The stack endpoint's port on the engine's bridge address (`--stack-port`, default 7820); 0: none. */
  stackPort?: number;
  env?: NodeJS.ProcessEnv;
  /** Where the built renderer is; defaults to out/renderer of this install. */
  staticDir?: string;
  templatesDir?: string;
  project?: string;
  /** The Ollama to talk to (`--ollama-url`), ahead of settings, OLLAMA_HOST and the stack. */
  ollamaUrl?: string;
  memoryBudgetBytes?: number;
  /**
   * HTTPS: the user's certificate and key files, or `generate` for a self-signed certificate kept
   * in SUTAZAI_HOME. Required when `host` is not a loopback address.
   */
  tls?: { certFile: string; keyFile: string } | 'generate';
  /** Shorter limits for tests; users get the defaults. */
  limits?: Partial<ServerLimits>;
}

export interface RunningServer {
  core: Core;
  server: BrowserServer;
  /** The listener for the stack's Prometheus and Alertmanager, or why there is none. */
  stackEndpoint: StackEndpoint;
  token: string;
  /** The certificate served, when the server speaks HTTPS. */
  tls?: TlsMaterial;
  stop(): Promise<void>;
}

/** Composition root of the browser mode: the core, the sampler, and the HTTP/WebSocket server. */
export async function serve(options: ServeOptions = {}): Promise<RunningServer> {
  const env = options.env ?? process.env;
  const host = options.host ?? DEFAULT_SERVE_HOST;
  const home = ensureAppHome(resolveAppHome(env));
  const tls = await resolveTls(options.tls, host, home);
  const core = createCore({
    home,
    mode: 'browser',
    env,
    version: appVersion(),
    ...(options.templatesDir ? { templatesDir: options.templatesDir } : {}),
    ...(options.project ? { project: options.project } : {}),
    ...(options.ollamaUrl ? { ollamaUrl: options.ollamaUrl } : {}),
    ...(options.memoryBudgetBytes ? { memoryBudgetBytes: options.memoryBudgetBytes } : {}),
  });
  let token: string;
  try {
    token = core.browserToken.current();
  } catch (err) {
    core.dispose();
    throw err;
  }
  core.hostSampler.start();
  core.startSupervision();
  const routes = apiRoutes(core);
  // Read on every request: `sutazai up` generates it on first use, and the environment may set it.
  const stackToken = (): string | undefined => core.stack.apiToken();
  let server: BrowserServer;
  try {
    server = await startBrowserServer({
      router: core.router,
      routes,
      // Read on every request, so a token regenerated on the Settings page is in force at once.
      get token() {
        return core.browserToken.current();
      },
      stackToken,
      host,
      port: options.port ?? DEFAULT_SERVE_PORT,
      staticDir: options.staticDir ?? join(projectRoot(), 'out', 'renderer'),
      ...(tls ? { tls } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
    });
  } catch (err) {
    core.dispose();
    throw err;
  }
  const stackEndpoint = await startStackEndpoint({
    engine: core.engine,
    port: options.stackPort ?? DEFAULT_STACK_PORT,
    routes,
    stackToken,
    main: server,
    ...(options.limits ? { limits: options.limits } : {}),
  });
  return {
    core,
    server,
    stackEndpoint,
    token,
    ...(tls ? { tls } : {}),
    async stop() {
      if (stackEndpoint.state === 'listening') await stackEndpoint.server.close();
      await server.close();
      core.dispose();
    },
  };
}

/** The certificate to serve, or none on loopback; a bind other than loopback without TLS is refused. */
async function resolveTls(option: ServeOptions['tls'], host: string, home: string): Promise<TlsMaterial | undefined> {
  const bind = planBind(host);
  if (option === undefined) {
    if (bind.loopback) return undefined;
    throw new TlsSetupError(
      `--host ${host} can be reached from other machines, and plain HTTP would carry the token in clear text`,
      'add --tls (a self-signed certificate kept in SUTAZAI_HOME; its SHA-256 fingerprint is printed) or --tls-cert FILE --tls-key FILE',
    );
  }
  if (option === 'generate') return generatedCertificate(home, bind.names);
  return loadGivenCertificate(option.certFile, option.keyFile);
}
