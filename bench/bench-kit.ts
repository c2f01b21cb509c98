import type { ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
/** What one benchmark prints: figures measured side by side in one run, and their ratios. */
export interface BenchReport {
  title: string;
  rows: { name: string; value: number; unit: string; note?: string }[];
  /** Comparisons: ours vs the peer, with the target the issue sets. */
  ratios?: { name: string; value: number; target?: string; met?: boolean }[];
  /** Each headline figure beside the peer's and what the machine allows (the floor). */
  floors?: FloorLine[];
}

/** One figure measured against the floor: how far from what the machine allows, and the target for it. */
export interface FloorLine {
  name: string;
  unit: string;
  measured: number;
  /** The same figure for the peer tool, where there is one. */
  peer?: number;
  floor: number;
  /** How the floor was found. */
  floorNote: string;
  target: string;
  met: boolean;
  /** Which mechanism produced the measured figure, where there is a choice. */
  mechanism?: string;
}

export type Bench = () => Promise<BenchReport>;

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function median(values: number[]): number {
  return percentile(values, 50);
}

/** median, p99 and count of several rounds, for a note. */
export function spread(values: number[], digits = 2): string {
  return `median ${median(values).toFixed(digits)}, p99 ${percentile(values, 99).toFixed(digits)}, min ${Math.min(...values).toFixed(digits)}, max ${Math.max(...values).toFixed(digits)}, ${values.length} rounds`;
}

/** The machine's load averages when a bench ran: the figures of a shared machine move with them. */
export function loadNote(): string {
  return `load ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')} on ${cpus().length} cores`;
}

export function printReport(r: BenchReport): void {
  const width = Math.max(10, ...r.rows.map((x) => x.name.length), ...(r.ratios ?? []).map((x) => x.name.length));
  console.log(`\n## ${r.title}`);
  for (const row of r.rows) {
    if (Number.isNaN(row.value)) console.log(`  ${row.name.padEnd(width)}  ${row.note ?? ''}`);
    else
      console.log(
        `  ${row.name.padEnd(width)}  ${formatNumber(row.value)} ${row.unit}${row.note ? `  (${row.note})` : ''}`,
      );
  }
  for (const ratio of r.ratios ?? []) {
    const verdict = ratio.met === undefined ? '' : ratio.met ? '  [target met]' : '  [target NOT met]';
    console.log(
      `  ${ratio.name.padEnd(width)}  ${formatNumber(ratio.value)}${ratio.target ? `  target ${ratio.target}` : ''}${verdict}`,
    );
  }
  if (r.floors?.length) {
    console.log(`  -- against the floor (${loadNote()})`);
    for (const f of r.floors) {
      const peer = f.peer === undefined ? '' : `  peer ${formatNumber(f.peer)} ${f.unit}`;
      const times = f.floor > 0 ? `  = ${formatNumber(f.measured / f.floor)}x floor` : '';
      console.log(
        `  ${f.name}: measured ${formatNumber(f.measured)} ${f.unit}${peer}  floor ${formatNumber(f.floor)} ${f.unit}${times}  target ${f.target}  [${f.met ? 'met' : 'NOT met'}]`,
      );
      console.log(`    floor: ${f.floorNote}${f.mechanism ? `; mechanism: ${f.mechanism}` : ''}`);
    }
  }
}

function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 100) return n.toFixed(0);
  if (Math.abs(n) >= 1) return n.toFixed(2);
  return n.toPrecision(3);
}

/** Waits for `sutazai serve` (started with --port 0) to print its URL, with the token in it. */
export function serveUrl(child: ChildProcess, timeoutMs = 20_000): Promise<URL> {
  return new Promise<URL>((res, rej) => {
    let out = '';
    const t = setTimeout(() => rej(new Error(`sutazai serve printed no URL:\n${out}`)), timeoutMs);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(t);
        res(new URL(m[1]!));
      }
    });
    child.stderr!.on('data', (d) => (out += d));
  });
}
