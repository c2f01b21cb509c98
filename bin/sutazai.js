#!/usr/bin/env node
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const entry = join(__dirname, '..', 'out', 'main', 'cli.js');
if (!existsSync(entry)) {
  process.stderr.write(
    'sutazai: the app is not built yet; run `npm run setup` (or `npm run build`) in ' + join(__dirname, '..') + '\n',
  );
  process.exit(1);
}
require(entry);
