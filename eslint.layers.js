// @ts-check
// The layer table of STYLE.md as lint rules: which folder may import which. Zones are computed from
// the folders that exist, so a new feature folder is covered the day it is created.
const { readdirSync } = require('node:fs');
const { join } = require('node:path');
const { createNodeResolver, importX } = require('eslint-plugin-import-x');

const HOSTS = ['app', 'server', 'cli'];
/** The composition root the hosts share; a feature never imports it. */
const ROOT = 'core';
const mainFolders = readdirSync(join(__dirname, 'src-main'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);
const features = mainFolders.filter((f) => !HOSTS.includes(f) && f !== ROOT);
const main = (f) => `src-main/${f}`;

/** @type {{ target: string | string[]; from: string | string[]; except?: string[]; message: string }[]} */
const zones = [
  ...features.map((f) => ({
    target: main(f),
    from: [...HOSTS, ROOT].map(main),
    message:
      'A feature never imports a host (app/, server/, cli/) or the composition root (core/): they import it. See STYLE.md, Layers.',
  })),
  {
    target: main(ROOT),
    from: HOSTS.map(main),
    message: 'core/ builds the services every host shares; it imports no host.',
  },
  {
    target: main('app'),
    from: [main('server'), main('cli')],
    message:
      'The desktop host shares code with the browser mode through src-shared or a feature, not through server/ or cli/.',
  },
  {
    target: main('server'),
    from: [main('app'), main('cli')],
    message: 'The browser mode imports neither the desktop host nor the CLI.',
  },
  // Each folder of src-main is entered through its index.ts from everywhere outside it.
  ...mainFolders.map((f) => ({
    target: mainFolders.filter((other) => other !== f).map(main),
    from: main(f),
    except: ['./index.ts'],
    message: `Import ${f}/ through its index.ts (what the folder offers), not its files. See STYLE.md, Feature folders.`,
  })),
  {
    target: 'src-renderer',
    from: ['src-main', 'src-preload'],
    message:
      'The renderer talks to the core through the typed client only; it may import src-shared and React libraries.',
  },
  {
    target: 'src-preload',
    from: ['src-main', 'src-renderer'],
    message: 'The preload may import src-shared and electron only.',
  },
  {
    target: 'src-shared',
    from: ['src-main', 'src-renderer', 'src-preload', 'test-support', 'e2e', 'bench', 'scripts'],
    message: 'src-shared is the contract: it imports nothing of ours outside itself.',
  },
];

// Import cycles (type-only imports included) are found by madge in `npm run lint` (lint:cycles).
module.exports = [
  {
    files: ['src-main/**/*.ts', 'src-renderer/**/*.{ts,tsx}', 'src-preload/**/*.ts', 'src-shared/**/*.ts'],
    // Specs assemble what they test, hosts included (a hardware spec runs the CLI); the layers bind production code.
    ignores: ['**/*.spec.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.node'] }),
      ],
    },
    rules: { 'import-x/no-restricted-paths': ['error', { basePath: __dirname, zones }] },
  },
];
