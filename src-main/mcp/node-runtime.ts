import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** How to run Node and npm for the servers the app installs from npm. */
export interface NodeRuntime {
  /** The Node executable servers run with. */
  node: string;
  /** npm as a command and leading arguments (npm's own script run by that Node, where it is found). */
  npm: { command: string; args: string[] };
}

/**
 * The Node that runs the app (the CLI and the browser mode); inside Electron, whose executable is
 * not a plain Node, the `node` and `npm` on PATH. npm is the one that came with that Node when it
 * sits beside it (Linux and macOS `lib/node_modules/npm`, Windows `node_modules/npm`).
 */
export function nodeRuntime(env: NodeJS.ProcessEnv = process.env): NodeRuntime {
  if (process.versions.electron) {
    return { node: 'node', npm: { command: process.platform === 'win32' ? 'npm.cmd' : 'npm', args: [] } };
  }
  const node = process.execPath;
  const dir = dirname(node);
  const candidates = [
    env.npm_execpath && /npm-cli\.js$/.test(env.npm_execpath) ? env.npm_execpath : '',
    join(dir, '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
    join(dir, 'node_modules', 'npm', 'bin', 'npm-cli.js'),
  ].filter(Boolean);
  const cli = candidates.find((c) => existsSync(c));
  return {
    node,
    npm: cli ? { command: node, args: [cli] } : { command: process.platform === 'win32' ? 'npm.cmd' : 'npm', args: [] },
  };
}
