import type { Readable } from 'node:stream';
import type { LogFile } from '../../src-shared/api/features/logs';
import { LogDemuxer } from './log-demuxer';

/** The most text a download carries; a longer log keeps its end. */
export const MAX_DOWNLOAD_CHARS = 8 * 1024 * 1024;

export interface DownloadTarget {
  service: string;
  tty: boolean;
  /** Opens the container's whole log (not following) with timestamps. */
  open: () => Promise<Readable>;
}

interface Line {
  time: string;
  text: string;
}

/**
 * Reads each service's log once and merges the lines in time order (the engine's timestamps have
 * a fixed width, so they sort as strings), prefixed with the service, without colours: a file
 * for an editor. Each service keeps at most the limit while reading, so memory stays bounded.
 */
export async function downloadLogs(
  targets: DownloadTarget[],
  o: { timestamps: boolean; limit?: number; now?: Date; project?: string },
): Promise<LogFile> {
  const limit = o.limit ?? MAX_DOWNLOAD_CHARS;
  const width = Math.max(...targets.map((t) => t.service.length));
  const per = await Promise.all(targets.map((t) => readLines(t, `${t.service.padEnd(width)} | `, limit)));
  let truncated = per.some((p) => p.truncated);
  const merged = per.flatMap((p) => p.lines).sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  const out: string[] = [];
  let size = 0;
  for (let i = merged.length - 1; i >= 0; i--) {
    const l = merged[i]!;
    const text = o.timestamps ? insertTime(l) : l.text;
    if (size + text.length + 1 > limit) {
      truncated = true;
      break;
    }
    out.push(text);
    size += text.length + 1;
  }
  out.reverse();
  const stamp = (o.now ?? new Date()).toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const name = targets.length === 1 ? targets[0]!.service : `${targets.length}-services`;
  return {
    filename: `${o.project ? `${o.project}-` : ''}${name}-${stamp}.log`,
    text: out.length ? `${out.join('\n')}\n` : '',
    truncated,
  };
}

function insertTime(l: Line): string {
  const bar = l.text.indexOf(' | ');
  return `${l.text.slice(0, bar + 3)}${l.time} ${l.text.slice(bar + 3)}`;
}

async function readLines(
  t: DownloadTarget,
  prefix: string,
  limit: number,
): Promise<{ lines: Line[]; truncated: boolean }> {
  const stream = await t.open();
  const demux = new LogDemuxer(t.tty);
  const carry = { stdout: '', stderr: '' };
  let lines: Line[] = [];
  let size = 0;
  let truncated = false;
  const take = (kind: 'stdout' | 'stderr', text: string, end: boolean): void => {
    const all = carry[kind] + text;
    const parts = all.split('\n');
    carry[kind] = end ? '' : parts.pop()!;
    for (const raw of parts) {
      if (raw === '') continue;
      const space = raw.indexOf(' ');
      const text = `${prefix}${raw.slice(space + 1).replace(/\r$/, '')}`;
      lines.push({ time: raw.slice(0, space), text });
      size += text.length + 1;
    }
    if (size > limit * 2) {
      // Keep the newest lines that fit the limit; they are the ones a bounded file keeps.
      let keep = 0;
      let i = lines.length;
      while (i > 0 && keep + lines[i - 1]!.text.length + 1 <= limit) keep += lines[--i]!.text.length + 1;
      lines = lines.slice(i);
      size = keep;
      truncated = true;
    }
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const text = demux.push(chunk);
    take('stdout', text.stdout, false);
    take('stderr', text.stderr, false);
  }
  const rest = demux.end();
  take('stdout', rest.stdout, true);
  take('stderr', rest.stderr, true);
  return { lines, truncated };
}
