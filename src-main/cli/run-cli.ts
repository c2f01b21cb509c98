import { parseArgs } from 'node:util';
import { appVersion } from '../core';
import { cliContext } from './cli-core';
import { UsageError, type CliIo, type Command } from './command';
import { commands } from './commands';

export function helpText(list: Command[] = commands): string {
  const width = Math.max(...list.map((c) => c.name.length));
  return [
    'SutazAI Control Center: run, supervise and watch a local AI stack.',
    '',
    'Usage: sutazai <command> [options]',
    '',
    'Commands:',
    ...list.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  -h, --help     Show help (also: sutazai <command> --help)',
    '  -v, --version  Show the version',
    '',
    'Environment: SUTAZAI_HOME (app data), SUTAZAI_TOKEN (browser-mode token), DOCKER_HOST (engine).',
    '',
  ].join('\n');
}

/** Runs one CLI invocation and returns its exit code; all output goes through `io`. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    const topic = name === 'help' ? commands.find((c) => c.name === rest[0]) : undefined;
    io.out(topic ? `${topic.summary}\n\nUsage: ${topic.usage}\n` : helpText());
    return name === undefined ? 2 : 0;
  }
  if (name === '-v' || name === '--version') {
    io.out(`${appVersion()}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`sutazai: unknown command '${name}'\n\n${helpText()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`${command.summary}\n\nUsage: ${command.usage}\n`);
    return 0;
  }
  let context: ReturnType<typeof cliContext> | undefined;
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: command.options,
      allowPositionals: command.allowPositionals ?? false,
      strict: true,
    });
    const given = values as Record<string, string | boolean | string[] | undefined>;
    context = cliContext(given, io);
    return await command.run(given, positionals, io, context);
  } catch (err) {
    const e = err as Error & { code?: string };
    if (err instanceof UsageError || e.code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`sutazai ${command.name}: ${e.message}\nUsage: ${command.usage}\n`);
      return 2;
    }
    const hint = (err as { hint?: string }).hint;
    io.err(`sutazai ${command.name}: ${e.message ?? String(err)}\n${hint ? `fix: ${hint}\n` : ''}`);
    return 1;
  } finally {
    context?.dispose();
  }
}
