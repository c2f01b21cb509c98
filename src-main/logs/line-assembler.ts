/** A partial line longer than this is let out as it is, so one endless line cannot grow memory. */
export const MAX_PARTIAL_LINE = 64 * 1024;

/**
 * Turns text chunks of one service's stream into complete lines, each starting with `prefix` and
 * ending in CRLF (what a terminal needs; a bare LF would not return the cursor). A line cut
 * across chunks waits for its end.
 */
export class LineAssembler {
  private partial = '';

  constructor(
    private readonly prefix: string,
    private readonly maxPartial = MAX_PARTIAL_LINE,
  ) {}

  push(text: string): string {
    if (text.length === 0) return '';
    const last = text.lastIndexOf('\n');
    if (last < 0) {
      this.partial += text;
      return this.partial.length > this.maxPartial ? this.flush() : '';
    }
    const complete = this.partial + text.slice(0, last);
    this.partial = text.slice(last + 1);
    return this.format(complete);
  }

  /** Lets out what waits for a line end (at the end of the stream). */
  flush(): string {
    if (this.partial.length === 0) return '';
    const rest = this.partial;
    this.partial = '';
    return this.format(rest);
  }

  private format(complete: string): string {
    // One native replace per chunk, not a split and join per line: this runs at flood rates.
    const body = complete.replace(/\r?\n/g, `\r\n${this.prefix}`).replace(/\r(?!\n)/g, '');
    return `${this.prefix}${body}\r\n`;
  }
}
