#!/usr/bin/env node
// `npm run setup`: everything a fresh clone needs, on Node alone. Installs the packages (with
// better-sqlite3 built for Node), fetches the Electron binary where the network allows (the
// browser mode does not need it), and builds the app.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function step(title, command, args, options = {}) {
  console.log(`\n▶ ${title}`);
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (r.status !== 0 && !options.tolerate) {
    console.error(`✗ ${title} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
  return r.status === 0;
}

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`SutazAI Control Center needs Node.js 20.19 or newer (this is ${process.version}).`);
  process.exit(1);
}

// Electron's binary is fetched separately below, never as part of the package install.
step('Installing packages', npm, ['ci', '--no-audit', '--no-fund'], {
  env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
});

const sqliteOk =
  spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], { cwd: root }).status ===
  0;
if (!sqliteOk) step('Building better-sqlite3 for Node', npm, ['rebuild', 'better-sqlite3']);

const electronDir = join(root, 'node_modules', 'electron');
const electronPresent = () => {
  const pathFile = join(electronDir, 'path.txt');
  return existsSync(pathFile) && existsSync(join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()));
};
if (process.env.CI === 'true' || process.env.SUTAZAI_SKIP_ELECTRON === '1') {
  console.log(
    '\n• Skipping the Electron binary (CI or SUTAZAI_SKIP_ELECTRON=1): `npm start` will use the browser mode.',
  );
} else if (!electronPresent()) {
  const ok = step(
    'Fetching the Electron binary (for the desktop app)',
    process.execPath,
    [join(electronDir, 'install.js')],
    {
      tolerate: true,
      timeout: 180_000,
    },
  );
  if (!ok)
    console.log(
      '• The Electron binary could not be fetched here: `npm start` will use the browser mode. The CLI and tests do not need it.',
    );
}

step('Building the app', join(root, 'node_modules', '.bin', 'electron-vite'), ['build']);

console.log(`
✓ Set up. Next:
  npm start        the desktop app (or the browser mode where Electron cannot start)
  npm test         typecheck, lint, unit, integration and end-to-end tests
  npx sutazai --help`);
