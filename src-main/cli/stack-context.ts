import { join } from 'node:path';
import { projectRoot } from '../core';
import { discoverEngine, EngineClient } from '../engine';
import { AcknowledgementRepository, StackService, type AcknowledgementStore } from '../stack';
import { ensureAppHome, openDatabase, resolveAppHome } from '../store';
import { stackOptions, type CliIo } from './command';

/** The stack service for a CLI command: same engine discovery, app home and secrets as the app. */
export function cliStack(values: Record<string, string | boolean | string[] | undefined>, io: CliIo, acknowledgements?: AcknowledgementStore): StackService {
  const { templatesDir, project, envFiles } = stackOptions(values);
  const engine = new EngineClient(discoverEngine({ env: io.env }));
  const root = projectRoot();
  return new StackService({
    docker: engine.docker,
    home: ensureAppHome(resolveAppHome(io.env)),
    templatesDir: templatesDir ?? join(root, 'compose-templates'),
    project: project ?? 'sutazai',
    env: io.env,
    displayRoot: process.cwd(),
    ...(envFiles ? { envFiles } : {}),
    ...(acknowledgements ? { acknowledgements } : {}),
  });
}

/** Runs `fn` with the confirmations of dangerous settings kept in the app's database, then closes it. */
export async function withAcknowledgements<T>(io: CliIo, fn: (store: AcknowledgementStore) => Promise<T>): Promise<T> {
  const db = openDatabase(join(ensureAppHome(resolveAppHome(io.env)), 'sutazai.db'));
  try {
    return await fn(new AcknowledgementRepository(db));
  } finally {
    db.close();
  }
}
