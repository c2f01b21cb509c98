import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ComposeError } from './compose-error';

/** The names docker compose looks for in a project folder, in its order of preference. */
export const COMPOSE_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
export const COMPOSE_OVERRIDE_NAMES = [
  'compose.override.yml',
  'compose.override.yaml',
  'docker-compose.override.yml',
  'docker-compose.override.yaml',
];

/**
 * The compose files `docker compose` reads in a folder when given no `-f`: the first of its file
 * names that exists, then the first override file beside it.
 */
export function composeFilesIn(dir: string): string[] {
  const first = (names: string[]) => names.map((n) => join(dir, n)).find((f) => existsSync(f) && statSync(f).isFile());
  const base = first(COMPOSE_FILE_NAMES);
  if (!base)
    throw new ComposeError(undefined, '', `${dir} has no compose file (looked for ${COMPOSE_FILE_NAMES.join(', ')})`);
  const override = first(COMPOSE_OVERRIDE_NAMES);
  return override ? [base, override] : [base];
}
