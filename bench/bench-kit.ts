import type { ChildProcess } from 'node:child_process';
/** What one benchmark prints: figures measured side by side in one run, and their ratios. */
export interface BenchReport {
  title: string;
  rows: { name: string; value: number; unit: string; note?: string }[];
  /** Comparisons: ours vs the peer, with the target the issue sets. */
  ratios?: { name: string; value: number; target?: string; met?: boolean }[];
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
