/** Pure parsers of the cgroup (v1 and v2) and /proc files read for containers and the host. */

/** `key value` lines (memory.stat, cpu.stat) into a map. */
export function parseKeyValues(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [key, value] = line.trim().split(/\s+/);
    if (key && value !== undefined) out.set(key, Number(value));
  }
  return out;
}

/**
 * Working set as `docker stats` counts it: usage minus the inactive file cache
 * (`total_inactive_file` on cgroup v1, `inactive_file` on v2), never below zero.
 */
export function workingSet(usage: number, memoryStat: string, version: 1 | 2): number {
  const inactive = statValue(memoryStat, version === 1 ? 'total_inactive_file' : 'inactive_file') ?? 0;
  return Math.max(0, usage - inactive);
}

/** The number on one `key value` line of a stat file, found without splitting the others (read every second). */
export function statValue(text: string, key: string): number | undefined {
  const at = text.startsWith(`${key} `) ? 0 : text.indexOf(`\n${key} `) + 1;
  if (at <= 0 && !text.startsWith(`${key} `)) return undefined;
  const start = at + key.length + 1;
  const end = text.indexOf('\n', start);
  const n = Number(text.slice(start, end < 0 ? undefined : end));
  return Number.isFinite(n) ? n : undefined;
}

/** memory.limit_in_bytes (v1) or memory.max (v2); undefined when unlimited. */
export function parseMemoryLimit(text: string): number | undefined {
  const t = text.trim();
  if (t === 'max' || t === '') return undefined;
  const n = Number(t);
  // v1 writes "no limit" as a page-rounded 2^63.
  return Number.isFinite(n) && n < 2 ** 62 ? n : undefined;
}

/** Bytes read and written from blkio.*io_service_bytes_recursive (v1): `8:0 Read 4096` lines. */
export function parseBlkioV1(text: string): { read: number; write: number } {
  let read = 0;
  let write = 0;
  for (const line of text.split('\n')) {
    const [, op, value] = line.trim().split(/\s+/);
    if (op === 'Read') read += Number(value) || 0;
    else if (op === 'Write') write += Number(value) || 0;
  }
  return { read, write };
}

/** Bytes read and written from io.stat (v2): `8:0 rbytes=4096 wbytes=0 rios=1 …` lines. */
export function parseIoStatV2(text: string): { read: number; write: number } {
  let read = 0;
  let write = 0;
  for (const line of text.split('\n')) {
    read += Number(/\brbytes=(\d+)/.exec(line)?.[1] ?? 0);
    write += Number(/\bwbytes=(\d+)/.exec(line)?.[1] ?? 0);
  }
  return { read, write };
}

/** Received and sent bytes of /proc/<pid>/net/dev, summed over every interface but loopback. */
export function parseNetDev(
  text: string,
  skip: (iface: string) => boolean = (i) => i === 'lo',
): { rx: number; tx: number } {
  let rx = 0;
  let tx = 0;
  for (const line of text.split('\n').slice(2)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const iface = line.slice(0, colon).trim();
    if (skip(iface)) continue;
    const f = line
      .slice(colon + 1)
      .trim()
      .split(/\s+/);
    rx += Number(f[0]) || 0;
    tx += Number(f[8]) || 0;
  }
  return { rx, tx };
}

/**
 * /proc/<pid>/cgroup: the process's path in each hierarchy. Keys are controller names
 * (`memory`, `cpuacct`, `blkio`, …) for v1 and `''` for the v2 unified hierarchy.
 */
export function parseProcCgroup(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\d+:([^:]*):(.*)$/.exec(line.trim());
    if (!m) continue;
    const path = m[2]!;
    if (m[1] === '') out.set('', path);
    for (const c of m[1]!.split(',')) if (c) out.set(c.replace(/^name=/, ''), path);
  }
  return out;
}
