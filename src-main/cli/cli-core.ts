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
  const build = (): Core =>
    (core ??= createCore({ mode: 'cli', env: io.env, displayRoot: process.cwd(), ...stackOptions(values) }));
  return {
    core: build,
    project() {
      const name = values.project;
      const projects = build().projects;
      // `--templates` names the SutazAI stack's own folder: `--project` is then its name.
      if (typeof name !== 'string' || values.templates !== undefined) return projects.sutazai;
      return projects.find(name) ?? projects.sutazai;
    },
    dispose() {
      core?.dispose();
    },
  };
}
