import type { Command } from '../command';
import { configCommand } from './config-command';
import { doctorCommand } from './doctor-command';
import { enginesCommand } from './engines-command';
import { downCommand } from './down-command';
import { eventsCommand } from './events-command';
import { logsCommand } from './logs-command';
import { projectsCommand } from './projects-command';
import { mcpCommand } from './mcp-command';
import { psCommand } from './ps-command';
import { upCommand } from './up-command';
import { serveCommand } from './serve-command';
import { planCommand } from './plan-command';
import { loadCommand, pullCommand } from './model-commands';
import { snapshotCommand } from './snapshot-command';
import { swarmCommand } from './swarm-command';

/** Every sub-command, in the order `sutazai --help` lists them. */
export const commands: Command[] = [
  serveCommand,
  doctorCommand,
  upCommand,
  downCommand,
  psCommand,
  configCommand,
  projectsCommand,
  eventsCommand,
  logsCommand,
  planCommand,
  pullCommand,
  loadCommand,
  snapshotCommand,
  mcpCommand,
  enginesCommand,
  swarmCommand,
];
