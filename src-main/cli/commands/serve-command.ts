import { DEFAULT_SERVE_HOST, DEFAULT_SERVE_PORT } from '../../../src-shared/defaults';
import { serve } from '../../server/serve';
import { parseBytes } from '../../stack/units';
import { parsePort, stackOptions, UsageError, type Command } from '../command';
import { normalizeOllamaUrl } from '../../models';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Run the control center in the browser (127.0.0.1 with a token)',
  usage: 'sutazai serve [--port N] [--host H] [--templates DIR] [--project NAME] [--ollama-url URL] [--memory-budget SIZE]',
  options: {
    port: { type: 'string', short: 'p' },
    host: { type: 'string' },
    templates: { type: 'string' },
    project: { type: 'string' },
    'ollama-url': { type: 'string' },
    'memory-budget': { type: 'string' },
  },
  async run(values, _positionals, io) {
    const port = parsePort(values.port as string | undefined, '--port');
    const host = (values.host as string | undefined) ?? DEFAULT_SERVE_HOST;
    const rawOllama = values['ollama-url'] as string | undefined;
    const ollamaUrl = rawOllama === undefined ? undefined : normalizeOllamaUrl(rawOllama, '--ollama-url');
    const running = await serve({
      host,
      port: port ?? DEFAULT_SERVE_PORT,
      env: io.env,
      ...stackOptions(values),
      ...(ollamaUrl ? { ollamaUrl } : {}),
      ...memoryBudget(values['memory-budget'] as string | undefined),
    });
    io.out(`SutazAI Control Center at ${running.server.url}\n`);
    if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
      io.err(`warning: listening on ${host}, not only this machine; anyone who has the token can control the stack\n`);
    }
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        void running.stop().then(resolve);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    return 0;
  },
};

function memoryBudget(value: string | undefined): { memoryBudgetBytes?: number } {
  if (value === undefined) return {};
  const bytes = parseBytes(value);
  if (bytes === undefined || bytes < 64 * 1024 * 1024) throw new UsageError(`--memory-budget: '${value}' is not a memory size of at least 64M (e.g. 12G, 512M)`);
  return { memoryBudgetBytes: bytes };
}
