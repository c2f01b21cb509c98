import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from '../../src-shared/api';
import { ensurePrivateDir } from '../store';
import type { NodeRuntime } from './node-runtime';

const PACKAGE_NAME = /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;
const VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/**
 * Installs MCP servers published on npm into one folder of the app home (`<home>/mcp/npm`) with
 * npm, pinned to a version, so a server starts without the network once installed. npm answers
 * from its cache when it has the package (`--prefer-offline`) and asks the registry otherwise.
 * Installs run one at a time; npm's output goes to `onOutput` (the server's log).
 */
export class NpmInstaller {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly folder: string,
    private readonly runtime: NodeRuntime,
    private readonly timeoutMs = 5 * 60_000,
  ) {}

  /** The file to run for an installed package (its `bin`), or undefined when it is not installed at that version. */
  binOf(name: string, version: string): string | undefined {
    const dir = join(this.folder, 'node_modules', ...name.split('/'));
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest)) return undefined;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as {
      version?: string;
      bin?: string | Record<string, string>;
    };
    if (pkg.version !== version) return undefined;
    const bin = typeof pkg.bin === 'string' ? pkg.bin : Object.values(pkg.bin ?? {})[0];
    return bin ? join(dir, bin) : undefined;
  }

  install(name: string, version: string, onOutput: (text: string) => void): Promise<string> {
    if (!PACKAGE_NAME.test(name)) throw new ApiError('INVALID_INPUT', `'${name}' is not an npm package name`);
    if (!VERSION.test(version)) throw new ApiError('INVALID_INPUT', `'${version}' is not an exact version`);
    const run = this.queue.then(() => this.installNow(name, version, onOutput));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async installNow(name: string, version: string, onOutput: (text: string) => void): Promise<string> {
    const have = this.binOf(name, version);
    if (have) return have;
    ensurePrivateDir(this.folder);
    const manifest = join(this.folder, 'package.json');
    if (!existsSync(manifest)) {
      writeFileSync(manifest, JSON.stringify({ name: 'sutazai-mcp-servers', private: true }, null, 2) + '\n', {
        mode: 0o600,
      });
    }
    const args = [
      ...this.runtime.npm.args,
      'install',
      '--prefix',
      this.folder,
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--omit=dev',
      '--save-exact',
      `${name}@${version}`,
    ];
    onOutput(`npm install ${name}@${version}\n`);
    const code = await new Promise<number | string>((resolve) => {
      const child = spawn(this.runtime.npm.command, args, {
        cwd: this.folder,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, npm_config_update_notifier: 'false' },
      });
      const timer = setTimeout(() => child.kill('SIGTERM'), this.timeoutMs);
      child.stdout.on('data', (d: Buffer) => onOutput(d.toString('utf8')));
      child.stderr.on('data', (d: Buffer) => onOutput(d.toString('utf8')));
      child.on('error', (err) => {
        clearTimeout(timer);
        resolve(err.message);
      });
      child.on('close', (exit, signal) => {
        clearTimeout(timer);
        resolve(exit ?? `killed by ${signal}`);
      });
    });
    const bin = this.binOf(name, version);
    if (code !== 0 || !bin) {
      throw new ApiError(
        'UNAVAILABLE',
        `npm could not install ${name}@${version} (${typeof code === 'number' ? `exit ${code}` : code})`,
        'Its log says why; npm needs the registry (or its cache) the first time a package is installed.',
      );
    }
    return bin;
  }
}
