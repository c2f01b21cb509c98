import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { printReport, type Bench } from './bench-kit';

/**
 * `npm run bench`: runs every bench/*.bench.ts in turn (or only those whose name contains an
 * argument) and prints their figures. Benchmarks run one at a time, each in a process of its own:
 * the machine is shared, and a bench's CPU figures must not include what an earlier one left behind.
 */
async function main(): Promise<void> {
  const one = process.argv.indexOf('--one');
  if (one > 0) return runOne(process.argv[one + 1]!);
  const filters = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
    .sort();
  let failed = 0;
  for (const file of files) {
    const r = spawnSync(process.execPath, [...process.execArgv, __filename, '--one', file], { stdio: 'inherit' });
    if (r.status !== 0) failed++;
  }
  if (files.length === 0) console.log('no benchmarks matched');
  process.exitCode = failed ? 1 : 0;
}

async function runOne(file: string): Promise<void> {
  const mod = (await import(pathToFileURL(join(__dirname, file)).href)) as { default: Bench };
  try {
    printReport(await mod.default());
  } catch (err) {
    console.error(`\n## ${file} FAILED: ${(err as Error).stack ?? String(err)}`);
    process.exitCode = 1;
  }
  // What a bench left running (servers, streams, timers) ends with its process.
  process.exit();
}

void main();
