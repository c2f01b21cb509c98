/** A partial line longer than this is let out as it is, so one endless line cannot grow memory. */
export const MAX_PARTIAL_LINE = 64 * 1024;

/**
 * Looks at complete lines (joined by LF, without the last one's end) before they are formatted:
 * returns them changed, or null to drop them all. `startsLine` is false when the first line is the
 * rest of one cut because it was too long.
 */
export type LineFilter = (lines: string, startsLine: boolean) => string | null;

/**
 * Turns text chunks of one service's stream into complete lines, each starting with `prefix` and
 * ending in CRLF (what a terminal needs; a bare LF would not return the cursor). A line cut
 * across chunks waits for its end.
 */
export class LineAssembler {
  private partial = '';
  private atLineStart = true;

  constructor(
    private readonly prefix: string,
    private readonly maxPartial = MAX_PARTIAL_LINE,
    private readonly filter?: LineFilter,
  ) {}

  push(text: string): string {
    if (text.length === 0) return '';
    const last = text.lastIndexOf('\n');
    if (last < 0) {
      this.partial += text;
      if (this.partial.length <= this.maxPartial) return '';
      const out = this.emit(this.partial);
      this.partial = '';
      this.atLineStart = false;
      return out;
    }
    const complete = this.partial + text.slice(0, last);
    this.partial = text.slice(last + 1);
    const out = this.emit(complete);
    this.atLineStart = true;
    return out;
  }

  /** Lets out what waits for a line end (at the end of the stream). */
  flush(): string {
    if (this.partial.length === 0) return '';
    const out = this.emit(this.partial);
    this.partial = '';
    this.atLineStart = true;
    return out;
  }

  private emit(lines: string): string {
    if (!this.filter) return this.format(lines);
    const kept = this.filter(lines, this.atLineStart);
    return kept === null ? '' : this.format(kept);
  }

  private format(complete: string): string {
    // One native replace per chunk, not a split and join per line: this runs at flood rates. Most
    // logs hold no CR at all, and then a plain string replace does.
    const body = complete.includes('\r')
      ? complete.replace(/\r?\n/g, `\r\n${this.prefix}`).replace(/\r(?!\n)/g, '')
      : complete.replaceAll('\n', `\r\n${this.prefix}`);
    return `${this.prefix}${body}\r\n`;
  }
}
