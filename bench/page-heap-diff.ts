import Docker from 'dockerode';
import { chromium, type CDPSession } from 'playwright';
import { startAppServer, type AppServer } from '../e2e/support/app-server';
import { discoverEngine, dockerOptions } from '../src-main/engine';
import { cleanupTestObjects, TEST_LABEL } from '../test-support/engine';

const IMAGE = process.env.SUTAZAI_TEST_IMAGE ?? 'sutazai-test/busybox:latest';
const CONTAINERS = 50;

interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

type Census = Map<string, { count: number; bytes: number }>;

/**
 * `npx tsx bench/page-heap-diff.ts [--first N] [--wait N]`: `sutazai serve` with 50 idle containers and
 * a Chromium page on Metrics; after N minutes (1 by default) a heap snapshot, after N more (4) another,
 * then the objects whose count or size grew between the two, by kind and constructor. The page's heap
 * after a collection is printed every 10 s meanwhile.
 */
async function main(): Promise<void> {
  const first = minutesArg('--first', 1);
  const wait = minutesArg('--wait', 4);
  const docker = new Docker(dockerOptions(discoverEngine()));
  const run = `sutazai-heap-diff-${process.pid}`;
  const browser = await chromium.launch({ executablePath: process.env.SUTAZAI_CHROMIUM ?? '/usr/bin/chromium' });
  let server: AppServer | undefined;
  try {
    for (let i = 0; i < CONTAINERS; i++) {
      const c = await docker.createContainer({
        name: `${run}-idle-${i}`,
        Image: IMAGE,
        Cmd: ['sleep', '86400'],
        StopTimeout: 1,
        Labels: { [TEST_LABEL]: run },
      });
      await c.start();
    }
    server = await startAppServer({ args: ['--project', run] });
    const page = await browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    await page.goto(server.url);
    await page.getByRole('link', { name: 'Metrics' }).click();
    await page.getByRole('heading', { name: 'Metrics' }).waitFor();
    const start = Date.now();
    await sampleHeap(cdp, server, start, first);
    const before = census(await takeSnapshot(cdp));
    await sampleHeap(cdp, server, start, wait);
    const after = census(await takeSnapshot(cdp));
    printGrowth(before, after);
  } finally {
    await browser.close().catch(() => undefined);
    await server?.stop();
    await cleanupTestObjects(docker, run);
  }
}

function minutesArg(flag: string, fallback: number): number {
  const i = process.argv.indexOf(flag);
  if (i < 0) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!(value > 0)) throw new Error(`${flag} needs a positive number of minutes, got ${process.argv[i + 1]}`);
  return value;
}

async function sampleHeap(cdp: CDPSession, server: AppServer, start: number, minutes: number): Promise<void> {
  const end = Date.now() + minutes * 60_000;
  while (Date.now() < end) {
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    console.log(`${((Date.now() - start) / 60_000).toFixed(2)} min: page heap ${(usedSize / 1e6).toFixed(2)} MB`);
    if (!server.alive()) throw new Error(`sutazai serve exited:\n${server.output()}`);
    await new Promise((r) => setTimeout(r, Math.min(10_000, Math.max(0, end - Date.now()))));
  }
}

async function takeSnapshot(cdp: CDPSession): Promise<HeapSnapshot> {
  const chunks: string[] = [];
  const onChunk = (e: { chunk: string }): void => void chunks.push(e.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  return JSON.parse(chunks.join('')) as HeapSnapshot;
}

/** Count and self size of the snapshot's nodes by kind and constructor (strings and numbers as one group each). */
function census(s: HeapSnapshot): Census {
  const fields = s.snapshot.meta.node_fields;
  const types = s.snapshot.meta.node_types[0];
  const [type, name, size] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [number, number, number];
  const out: Census = new Map();
  for (let i = 0; i < s.nodes.length; i += fields.length) {
    const kind = types[s.nodes[i + type]!]!;
    const grouped = kind.endsWith('string') || kind === 'number' || kind === 'code';
    const key = grouped ? kind : `${kind} ${s.strings[s.nodes[i + name]!]!.slice(0, 80)}`;
    const entry = out.get(key) ?? { count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += s.nodes[i + size]!;
    out.set(key, entry);
  }
  return out;
}

function printGrowth(before: Census, after: Census): void {
  const total = (c: Census): number => [...c.values()].reduce((t, e) => t + e.bytes, 0);
  console.log(`all nodes: ${(total(before) / 1e6).toFixed(2)} MB -> ${(total(after) / 1e6).toFixed(2)} MB`);
  const rows = [...new Set([...before.keys(), ...after.keys()])].map((key) => ({
    key,
    bytes: (after.get(key)?.bytes ?? 0) - (before.get(key)?.bytes ?? 0),
    count: (after.get(key)?.count ?? 0) - (before.get(key)?.count ?? 0),
  }));
  rows.sort((a, b) => b.bytes - a.bytes);
  console.log('bytes\tcount\tkind and constructor');
  for (const r of rows.slice(0, 30)) console.log(`${r.bytes >= 0 ? '+' : ''}${r.bytes}\t${r.count}\t${r.key}`);
}

main().catch((err: Error) => {
  console.error(err.stack ?? String(err));
  process.exitCode = 1;
});
