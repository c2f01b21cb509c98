import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ComposeError } from './compose-error';
import { DotenvError, parseDotenv } from './dotenv';

/** The variables a compose project is interpolated with, and the env files they came from. */
export interface ProjectEnvironment {
  values: Record<string, string>;
  files: string[];
}

/**
 * Compose's project environment: the env files (`--env-file`, in order, else `.env` in the
 * project folder when there is one), each interpolated with the process environment and the
 * values read before it, then the process environment over them (the environment wins).
 */
export function readProjectEnvironment(
  projectDir: string,
  processEnv: Record<string, string | undefined>,
  envFiles?: string[],
): ProjectEnvironment {
  const files = envFiles ? envFiles.map((f) => resolve(projectDir, f)) : [join(projectDir, '.env')].filter(isFile);
  const fromFiles: Record<string, string> = {};
  for (const file of files) {
    Object.assign(
      fromFiles,
      readEnvFile(file, (name) => processEnv[name] ?? fromFiles[name], file),
    );
  }
  const values: Record<string, string> = { ...fromFiles };
  for (const [k, v] of Object.entries(processEnv)) if (v !== undefined) values[k] = v;
  return { values, files };
}

/** One dotenv file, with file:line errors. */
export function readEnvFile(
  path: string,
  lookup: (name: string) => string | undefined,
  display: string,
): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ComposeError(undefined, '', `cannot read env file ${display}: ${(err as Error).message}`);
  }
  try {
    return parseDotenv(text, lookup);
  } catch (err) {
    if (err instanceof DotenvError) throw new ComposeError({ file: display, line: err.line }, '', err.message);
    throw err;
  }
}

/** Profiles from `COMPOSE_PROFILES` (comma-separated), as compose reads it when none are given. */
export function profilesFromEnvironment(values: Record<string, string>): string[] {
  return (values.COMPOSE_PROFILES ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}
