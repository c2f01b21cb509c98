#!/usr/bin/env node
// Runs electron-builder's `dir` target with electron-builder.yml into OUTDIR, for the packaging
// spec (package-contents.spec.ts says what this proves and what it does not). Electron's binary
// cannot be downloaded here: ELECTRON_DIST is a folder standing in for Electron's distribution.
// Prints one JSON line: the desktop entry and icon sizes electron-builder's Linux helper computes.
const { readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { build, Platform } = require('electron-builder');
const { LinuxTargetHelper } = require('app-builder-lib/out/targets/LinuxTargetHelper');
const { parse } = require('yaml');

const root = resolve(__dirname, '..', '..');
const [outDir, electronDist] = process.argv.slice(2);
const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8'));
const projectAfterPack = require(join(root, config.afterPack));
let desktopEntry = '';
let iconSizes = [];

build({
  projectDir: root,
  targets: Platform.LINUX.createTarget('dir'),
  publish: 'never',
  config: {
    ...config,
    electronDist,
    npmRebuild: false,
    directories: { ...config.directories, output: outDir },
    afterPack: async (context) => {
      await projectAfterPack(context);
      const helper = new LinuxTargetHelper(context.packager);
      desktopEntry = await helper.computeDesktopEntry(context.packager.platformSpecificBuildOptions);
      iconSizes = (await helper.icons).map((i) => i.size);
    },
  },
}).then(
  () => process.stdout.write(`\n${JSON.stringify({ desktopEntry, iconSizes })}\n`),
  (err) => {
    console.error(err.stack || String(err));
    process.exit(1);
  },
);
