#!/usr/bin/env node
// `npm run rebuild:electron`: builds better-sqlite3 for Electron's ABI (needs Electron's headers,
// so a machine online) into native/electron-<abi>/, where the desktop app loads it, then restores
// the Node build that the CLI, the browser mode and the tests use.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const electronDir = join(root, 'node_modules', 'electron');
const version = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;
const abi = readFileSync(join(electronDir, 'abi_version'), 'utf8').trim();

function run(command, args) {
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status || 1);
}

run(npx, ['--yes', '@electron/rebuild@4', '--version', version, '--only', 'better-sqlite3', '--force']);
const target = join(root, 'native', `electron-${abi}`);
mkdirSync(target, { recursive: true });
copyFileSync(
  join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'),
  join(target, 'better_sqlite3.node'),
);
console.log(`✓ better-sqlite3 for Electron ${version} (ABI ${abi}) is in ${target}`);
run(npm, ['rebuild', 'better-sqlite3']);
console.log('✓ better-sqlite3 for Node restored (CLI, browser mode, tests)');
