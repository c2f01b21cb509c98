import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The app's version from package.json, found by walking up from the running file. */
export function appVersion(from: string = __dirname): string {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'sutazai-control-center' && pkg.version) return pkg.version;
    } catch {
      // keep walking up
    }
    dir = join(dir, '..');
  }
  return '0.0.0';
}

/** The project root (where package.json, compose-templates and out/ live). */
export function projectRoot(from: string = __dirname): string {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'sutazai-control-center') return dir;
    } catch {
      // keep walking up
    }
    dir = join(dir, '..');
  }
  return process.cwd();
}
