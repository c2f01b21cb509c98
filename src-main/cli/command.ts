import { resolve } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import type { Core } from '../core';
import type { ManagedProject } from '../projects';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
  /** Asks the user a question on the terminal and returns the answer; absent when no one can answer. */
  ask?: (question: string) => Promise<string>;
}

/** What a command is given to work with besides its arguments and streams. */
export interface CommandContext {
  /**
   * The core for this invocation (the same composition root as the app's), built on first call
   * with the command's `--templates` and `--project`, and disposed when the command returns.
   */
  core(): Core;
  /**
   * The project a stack command acts on: `--project NAME` when it names a managed project, else the
   * SutazAI stack (under that name, when `--project` names no managed project, as before projects).
   */
  project(): ManagedProject;
}

/** One `sutazai` sub-command. `run` returns the exit code. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  allowPositionals?: boolean;
  run(
    values: Record<string, string | boolean | string[] | undefined>,
    positionals: string[],
    io: CliIo,
    context: CommandContext,
  ): Promise<number>;
}

/** A usage error: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}

export function parsePort(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new UsageError(`${flag}: '${value}' is not a port number (0-65535)`);
  return n;
}

/** `--templates DIR`, `--project NAME` and `--env-file FILE`, shared by the stack commands and `serve`. */
export function stackOptions(values: Record<string, string | boolean | string[] | undefined>): {
  templatesDir?: string;
  project?: string;
  envFiles?: string[];
} {
  const project = values.project as string | undefined;
  if (project !== undefined && !/^[a-z0-9][a-z0-9_-]*$/.test(project)) {
    throw new UsageError(`--project: '${project}' is not a project name (lowercase letters, digits, - and _)`);
  }
  const templates = values.templates as string | undefined;
  const envFiles = values['env-file'] as string[] | undefined;
  return {
    ...(templates ? { templatesDir: resolve(templates) } : {}),
    ...(project ? { project } : {}),
    ...(envFiles?.length ? { envFiles: envFiles.map((f) => resolve(f)) } : {}),
  };
}

export const STACK_OPTIONS = {
  templates: { type: 'string' },
  project: { type: 'string' },
  'env-file': { type: 'string', multiple: true },
} as const;
