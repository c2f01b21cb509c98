import type { Command } from '../command';
import { doctorCommand } from './doctor-command';
import { serveCommand } from './serve-command';

/** Every sub-command, in the order `sutazai --help` lists them. */
export const commands: Command[] = [serveCommand, doctorCommand];
