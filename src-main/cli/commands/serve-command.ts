import { DEFAULT_SERVE_HOST, DEFAULT_SERVE_PORT } from '../../../src-shared/defaults';
import { DEFAULT_LIMITS as L, DEFAULT_STACK_PORT, serve, type ServeOptions } from '../../server';
import { installLastResort } from '../../core';
import { parseBytes } from '../../stack';
import { parsePort, stackOptions, UsageError, type CliIo, type Command } from '../command';
import { normalizeOllamaUrl } from '../../models';

/** Exit code of an internal error (EX_SOFTWARE). */
const INTERNAL_ERROR_EXIT = 70;

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run the control center in the browser (127.0.0.1 with a token)',
  usage: [
    'sutazai serve [--port N] [--host H] [--tls | --tls-cert FILE --tls-key FILE] [--templates DIR] [--project NAME]',
    '              [--ollama-url URL] [--memory-budget SIZE] [--stack-port N]',
    '',
    '  --host H         address to listen on (default 127.0.0.1). Any address other than loopback',
    '                   (a LAN address, 0.0.0.0, ::) needs TLS: plain HTTP is refused there.',
    '  --tls            HTTPS with a self-signed certificate kept in SUTAZAI_HOME/tls (made on first',
    '                   use; its SHA-256 fingerprint is printed, compare it with what the browser shows)',
    '  --tls-cert FILE  HTTPS with your certificate (PEM) and its key (--tls-key FILE, unencrypted PEM)',
    `  --stack-port N   the stack endpoint for the monitoring profile's Prometheus and Alertmanager (default`,
    `                   ${DEFAULT_STACK_PORT}, the port their configuration calls; 0: none): plain HTTP on the engine's bridge`,
    '                   address (172.17.0.1 by default), which exists only on this machine; it answers GET /metrics',
    "                   and POST /api/v1/alerts/alertmanager only, and only to the stack's API token.",
    '',
    `Every request needs the printed token. Limits: ${L.authFailures} wrong tokens a minute per client address, then`,
    `429 with Retry-After; ${L.maxSockets} API sockets and ${L.maxConnections} connections; ${L.maxSubscriptions} subscriptions and ${L.maxPendingCalls} calls in`,
    `progress per socket; a socket that misses a ${L.heartbeatMs / 1000} s heartbeat is dropped; headers must arrive within`,
    `${L.headersTimeoutMs / 1000} s and an authenticated body within ${L.bodyTimeoutMs / 1000} s (408).`,
  ].join('\n'),
  options: {
    port: { type: 'string', short: 'p' },
    host: { type: 'string' },
    tls: { type: 'boolean' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    templates: { type: 'string' },
    project: { type: 'string' },
    'ollama-url': { type: 'string' },
    'memory-budget': { type: 'string' },
    'stack-port': { type: 'string' },
  },
  async run(values, _positionals, io) {
    const port = parsePort(values.port as string | undefined, '--port');
    const stackPort = parsePort(values['stack-port'] as string | undefined, '--stack-port');
    const host = (values.host as string | undefined) ?? DEFAULT_SERVE_HOST;
    const rawOllama = values['ollama-url'] as string | undefined;
    const ollamaUrl = rawOllama === undefined ? undefined : normalizeOllamaUrl(rawOllama, '--ollama-url');
    const tls = tlsOption(values);
    const running = await serve({
      host,
      port: port ?? DEFAULT_SERVE_PORT,
      ...(stackPort !== undefined ? { stackPort } : {}),
      env: io.env,
      ...stackOptions(values),
      ...(ollamaUrl ? { ollamaUrl } : {}),
      ...(tls ? { tls } : {}),
      ...memoryBudget(values['memory-budget'] as string | undefined),
    });
    const removeLastResort = installLastResort({
      events: running.core.events,
      project: running.core.stack.project,
      onFatal: (message) => {
        io.err(
          `sutazai serve: internal error: ${message}\n` +
            'It is recorded as an internal-error event (sutazai events --json). The server stops now; the stack keeps\n' +
            'running, and the same command starts the server again and takes the stack over.\n',
        );
        process.exit(INTERNAL_ERROR_EXIT);
      },
      log: (line) => io.err(`sutazai serve: ${line}\n`),
    });
    printStart(running, io);
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        void running.stop().then(() => {
          removeLastResort();
          resolve();
        });
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    return 0;
  },
};

function printStart(running: Awaited<ReturnType<typeof serve>>, io: CliIo): void {
  const { server, tls } = running;
  io.out(`SutazAI Control Center at ${server.url}\n`);
  if (server.bind.wildcard) {
    io.out(`Listening on every interface: ${server.urls.map((u) => u.replace(/\/\?token=.*$/, '/')).join(', ')}\n`);
  }
  if (tls) {
    const from =
      tls.source === 'given'
        ? tls.certFile
        : `${tls.certFile} (self-signed${tls.source === 'generated' ? ', new' : ''})`;
    io.out(`TLS certificate ${from}\nSHA-256 fingerprint ${tls.fingerprint256}\n`);
  }
  if (!server.bind.loopback) {
    io.err(
      `warning: listening on ${server.bind.host}, not only this machine; anyone who has the token can control the stack\n`,
    );
  }
  const stack = running.stackEndpoint;
  if (stack.state === 'listening') {
    io.out(
      `Stack endpoint for Prometheus and Alertmanager at ${stack.url} (stack token only; plain HTTP on the engine's bridge, which exists only on this machine)\n`,
    );
  } else if (stack.state === 'unavailable') {
    io.err(`No stack endpoint for Prometheus and Alertmanager (they cannot reach this app): ${stack.reason}\n`);
  }
}

function tlsOption(values: Record<string, string | boolean | string[] | undefined>): ServeOptions['tls'] {
  const cert = values['tls-cert'] as string | undefined;
  const key = values['tls-key'] as string | undefined;
  if (values.tls && (cert || key))
    throw new UsageError('--tls makes its own certificate; give either --tls or --tls-cert with --tls-key');
  if (values.tls) return 'generate';
  if (cert === undefined && key === undefined) return undefined;
  if (!cert || !key) throw new UsageError('--tls-cert and --tls-key go together: the certificate and its private key');
  return { certFile: cert, keyFile: key };
}

function memoryBudget(value: string | undefined): { memoryBudgetBytes?: number } {
  if (value === undefined) return {};
  const bytes = parseBytes(value);
  if (bytes === undefined || bytes < 64 * 1024 * 1024)
    throw new UsageError(`--memory-budget: '${value}' is not a memory size of at least 64M (e.g. 12G, 512M)`);
  return { memoryBudgetBytes: bytes };
}
