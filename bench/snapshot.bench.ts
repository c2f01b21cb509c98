import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { discoverEngine, dockerOptions } from '../src-main/engine';
import { EventLog } from '../src-main/events';
import { MaintenanceHolds } from '../src-main/maintenance';
import { SnapshotService } from '../src-main/snapshots';
import { StackService } from '../src-main/stack';
import { openDatabase } from '../src-main/store';
import { median, type BenchReport } from './bench-kit';

const IMAGE = process.env.SUTAZAI_TEST_IMAGE ?? 'sutazai-test/busybox:latest';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

/**
 * Snapshot throughput against the command the issue names, on the same volume:
 * `docker run --rm -v VOL:/v IMAGE tar -c /v | gzip > FILE` (the docker CLI and GNU gzip at its
 * default level 6) and a whole `SnapshotService.create` of a project whose one service holds that
 * volume (plan with `du`, stop, archive through the engine, zlib level 6, SHA-256, fsync, start,
 * manifest). The volume holds 96 MiB of random bytes (incompressible), 96 MiB of text
 * (compressible) and 2 000 small files. Both are given the same number of bytes: the volume's tar
 * stream as our snapshot reads it. Rounds alternate between the two.
 */
export default async function snapshotBench(): Promise<BenchReport> {
  const docker = new Docker(dockerOptions(discoverEngine()));
  const project = `sutazai-bench-snap-${process.pid}`;
  const home = mkdtempSync(join(tmpdir(), 'sutazai-bench-snap-'));
  const templates = mkdtempSync(join(tmpdir(), 'sutazai-bench-snap-t-'));
  const fill = [
    'dd if=/dev/urandom of=/v/random bs=1M count=96 2>/dev/null',
    'i=0; while [ $i -lt 24 ]; do seq 1 500000 > /v/text$i; i=$((i+1)); done',
    'mkdir -p /v/small; i=0; while [ $i -lt 2000 ]; do head -c 4096 /dev/urandom > /v/small/$i; i=$((i+1)); done',
  ].join('; ');
  writeFileSync(
    join(templates, 'compose.yml'),
    JSON.stringify({
      services: {
        data: {
          image: IMAGE,
          command: ['sh', '-c', "trap 'exit 0' TERM; while true; do sleep 1; done"],
          volumes: ['data:/v'],
        },
      },
      volumes: { data: {} },
    }),
  );
  const db = openDatabase(':memory:');
  const settings = new Map<string, unknown>();
  const stack = new StackService({ docker, home, templatesDir: templates, project, env: {} });
  const snapshots = new SnapshotService({
    docker,
    stack,
    home,
    events: new EventLog(db),
    settings: { get: <T>(k: string) => settings.get(k) as T, set: (k, v) => void settings.set(k, v) },
    holds: new MaintenanceHolds(home),
    appVersion: 'bench',
    engineVersion: async () => ({ version: 'bench', apiVersion: 'bench' }),
    makeStack: (o) => new StackService({ docker, ...o, env: {} }),
    helperImage: IMAGE,
  });
  const volume = `${project}_data`;
  try {
    const up = await stack.up(undefined, true);
    if (!up.ok) throw new Error(up.error);
    const filled = spawnSync('docker', ['run', '--rm', '-v', `${volume}:/v`, IMAGE, 'sh', '-c', fill], {
      stdio: 'inherit',
    });
    if (filled.status !== 0) throw new Error('could not fill the bench volume');
    const baseline: number[] = [];
    const ours: number[] = [];
    let tarBytes = 0;
    let ourBytes = 0;
    let baseBytes = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const out = join(home, `baseline-${round}.tar.gz`);
      const began = process.hrtime.bigint();
      const r = spawnSync('sh', ['-c', `docker run --rm -v ${volume}:/v ${IMAGE} tar -c /v | gzip > ${out}`], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      if (r.status !== 0) throw new Error(`baseline failed: ${r.stderr.toString()}`);
      baseline.push(Number(process.hrtime.bigint() - began) / 1e9);
      baseBytes = statSync(out).size;
      rmSync(out);

      const t0 = process.hrtime.bigint();
      const summary = await snapshots.create({ methods: { data: 'stop' } });
      ours.push(Number(process.hrtime.bigint() - t0) / 1e9);
      const manifest = JSON.parse(readFileSync(join(summary.folder, summary.id, 'manifest.json'), 'utf8')) as {
        volumes: { archives: { rawBytes: number; bytes: number }[] }[];
      };
      tarBytes = manifest.volumes[0]!.archives[0]!.rawBytes;
      ourBytes = manifest.volumes[0]!.archives[0]!.bytes;
      snapshots.delete(summary.id);
    }
    // Where the baseline's time goes: the same tar stream through the docker CLI, without gzip.
    const raw = join(home, 'raw.tar');
    const t1 = process.hrtime.bigint();
    spawnSync('sh', ['-c', `docker run --rm -v ${volume}:/v ${IMAGE} tar -c /v > ${raw}`], { stdio: 'ignore' });
    const cliOnly = Number(process.hrtime.bigint() - t1) / 1e9;
    const t2 = process.hrtime.bigint();
    spawnSync('sh', ['-c', `gzip < ${raw} > /dev/null`], { stdio: 'ignore' });
    const gzipOnly = Number(process.hrtime.bigint() - t2) / 1e9;
    rmSync(raw);
    const MiB = 1024 * 1024;
    const base = tarBytes / MiB / median(baseline);
    const mine = tarBytes / MiB / median(ours);
    return {
      title: `Snapshot throughput (${ROUNDS} rounds, medians; ${(tarBytes / MiB).toFixed(0)} MiB tar stream)`,
      rows: [
        {
          name: 'docker run … tar -c /v | gzip',
          value: median(baseline),
          unit: 's',
          note: `${base.toFixed(1)} MiB/s, ${(baseBytes / MiB).toFixed(0)} MiB written`,
        },
        {
          name: 'sutazai snapshot (whole create)',
          value: median(ours),
          unit: 's',
          note: `${mine.toFixed(1)} MiB/s, ${(ourBytes / MiB).toFixed(0)} MiB written`,
        },
        {
          name: '  of which: docker run … tar -c /v > FILE',
          value: cliOnly,
          unit: 's',
          note: 'once, the CLI attach alone',
        },
        { name: '  of which: gzip < FILE', value: gzipOnly, unit: 's', note: 'once, GNU gzip -6 alone' },
        { name: 'rounds (baseline)', value: NaN, unit: '', note: baseline.map((s) => s.toFixed(2)).join(', ') },
        { name: 'rounds (ours)', value: NaN, unit: '', note: ours.map((s) => s.toFixed(2)).join(', ') },
      ],
      ratios: [{ name: 'ours / baseline throughput', value: mine / base, target: '>= 0.9', met: mine / base >= 0.9 }],
    };
  } finally {
    snapshots.dispose();
    await stack.down(undefined, true).catch(() => undefined);
    db.close();
    rmSync(home, { recursive: true, force: true });
    rmSync(templates, { recursive: true, force: true });
  }
}
