#!/usr/bin/env node
// `npm start`: the desktop app; where Electron cannot start (no binary, no display, no
// better-sqlite3 built for Electron) it says why in one line and starts the browser mode instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

if (!existsSync(join(root, 'out', 'main', 'index.js')) || !existsSync(join(root, 'out', 'renderer', 'index.html'))) {
  const r = spawnSync(join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status || 1);
}

function electronBlocker() {
  const dir = join(root, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile))
    return { reason: 'the Electron binary is not installed (run `npx install-electron` where the network allows)' };
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return { reason: `the Electron binary is missing at ${binary}` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return { reason: 'there is no display (DISPLAY/WAYLAND_DISPLAY unset)' };
  const abi = readFileSync(join(dir, 'abi_version'), 'utf8').trim();
  if (!existsSync(join(root, 'native', `electron-${abi}`, 'better_sqlite3.node'))) {
    return { reason: 'better-sqlite3 is not built for Electron yet (run `npm run rebuild:electron` once, online)' };
  }
  return { binary };
}

const blocker = electronBlocker();
const child = blocker.binary
  ? spawn(blocker.binary, [root], { cwd: root, stdio: 'inherit' })
  : (console.log(`Electron cannot start: ${blocker.reason}; starting the browser mode instead.`),
    spawn(process.execPath, [join(root, 'bin', 'sutazai.js'), 'serve', ...process.argv.slice(2)], {
      cwd: root,
      stdio: 'inherit',
    }));

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
