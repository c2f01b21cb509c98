import { createCore, type Core } from '../core';
import { stackOptions, type CliIo, type CommandContext } from './command';

/**
 * The core of one CLI invocation, built through the hosts' composition root when a command
 * first asks for it: the same engine discovery, app home, secrets and templates as the app,
 * with paths in messages shown from the working directory.
 */
export function cliContext(
  values: Record<string, string | boolean | string[] | undefined>,
  io: CliIo,
): CommandContext & { dispose(): void } {
  let core: Core | undefined;
  return {
    core() {
      core ??= createCore({ mode: 'cli', env: io.env, displayRoot: process.cwd(), ...stackOptions(values) });
      return core;
    },
    dispose() {
      core?.dispose();
    },
  };
}
