import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { printReport, type Bench } from './bench-kit';

/**
 * `npm run bench`: runs every bench/*.bench.ts in turn (or only those whose name contains an
 * argument) and prints their figures. Benchmarks run one at a time: the machine is shared.
 */
async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
    .sort();
  let failed = 0;
  for (const file of files) {
    const mod = (await import(pathToFileURL(join(__dirname, file)).href)) as { default: Bench };
    try {
      printReport(await mod.default());
    } catch (err) {
      failed++;
      console.error(`\n## ${file} FAILED: ${(err as Error).stack ?? String(err)}`);
    }
  }
  if (files.length === 0) console.log('no benchmarks matched');
  process.exitCode = failed ? 1 : 0;
}

void main();
