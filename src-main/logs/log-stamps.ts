/** The engine stamps each log message as RFC 3339 with nanoseconds in UTC, a fixed width, so stamps sort as strings. */
const STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/;
const LEADING_STAMP = /^[^ \n]* /gm;

/** The engine's `since` for a stamp: seconds since the epoch with the nanoseconds kept (`1714557600.123456789`). */
export function stampToSince(stamp: string): string {
  if (!STAMP.test(stamp)) throw new RangeError(`'${stamp}' is not an engine log timestamp`);
  const seconds = Date.parse(`${stamp.slice(0, 19)}Z`) / 1000;
  const fraction = (/\.(\d+)Z$/.exec(stamp)?.[1] ?? '').padEnd(9, '0');
  return `${seconds}.${fraction}`;
}

/** The engine stamp a stamped log line starts with, if it has one. */
export function stampOf(line: string): string | undefined {
  const space = line.indexOf(' ');
  const stamp = space < 0 ? line : line.slice(0, space);
  return STAMP.test(stamp) ? stamp : undefined;
}

/**
 * The engine timestamps of one service's followed log, which is always read stamped so a follow
 * can continue after a restart from the last line shown. It remembers the newest stamp passed on,
 * drops the lines a continued read repeats (the engine's `since` includes its own instant), and
 * takes the stamps off again when the user did not ask for them.
 */
export class LogStamps {
  private newest: string | undefined;
  private skipThrough: string | undefined;

  constructor(private readonly show: boolean) {}

  /** The stamp of the newest line passed on, if any. */
  get last(): string | undefined {
    return this.newest;
  }

  /** Lines up to `stamp` were passed on by a read without stamps (a stopped container's whole log). */
  passedThrough(stamp: string): void {
    if (!STAMP.test(stamp)) throw new RangeError(`'${stamp}' is not an engine log timestamp`);
    if (this.newest === undefined || stamp > this.newest) this.newest = stamp;
  }

  /** A read that continues from `last` comes next: its lines up to that stamp were shown already. */
  resume(): void {
    this.skipThrough = this.newest;
  }

  /** A filter for one output stream (stdout or stderr) of one read of the service, for `LineAssembler`. */
  filter(): (lines: string, startsLine: boolean) => string | null {
    let skipping = this.skipThrough !== undefined;
    return (lines, startsLine) => {
      let head = '';
      let body = lines;
      if (!startsLine) {
        // The end of a line cut because it was too long: it carries no stamp of its own.
        const nl = body.indexOf('\n');
        if (nl < 0) return body;
        head = body.slice(0, nl + 1);
        body = body.slice(nl + 1);
      }
      if (skipping) {
        // Only the first lines of a continued read can repeat; once one is newer, the rest are.
        let start = 0;
        while (start <= body.length) {
          const nl = body.indexOf('\n', start);
          const line = nl < 0 ? body.slice(start) : body.slice(start, nl);
          const stamp = stampOf(line);
          if (!(stamp && this.skipThrough && stamp <= this.skipThrough)) break;
          start = nl < 0 ? body.length + 1 : nl + 1;
        }
        if (start > body.length) return head ? head.slice(0, -1) : null;
        skipping = false;
        body = body.slice(start);
      }
      const lastLine = body.slice(body.lastIndexOf('\n') + 1);
      const stamp = stampOf(lastLine);
      if (stamp && (this.newest === undefined || stamp > this.newest)) this.newest = stamp;
      return head + (this.show ? body : body.replace(LEADING_STAMP, ''));
    };
  }
}
