import type { McpLogLine } from '../../src-shared/api';

export const REDACTED = '<secret>';

/**
 * A server's stderr, line by line, the last `max` lines kept. Every secret value the server was
 * given is replaced before a line is kept, so no token reaches the page or a file.
 */
export class McpLog {
  private readonly lines: McpLogLine[] = [];
  private partial = '';

  constructor(
    private readonly secrets: () => string[],
    private readonly max = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Text as it arrives (lines may be cut between chunks). */
  write(chunk: string): void {
    const text = this.partial + chunk;
    const parts = text.split(/\r?\n/);
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.add(line);
    if (this.partial.length > 8192) {
      this.add(this.partial);
      this.partial = '';
    }
  }

  /** A line of the app's own about the server (started, exited, restarting). */
  note(text: string): void {
    this.add(`── ${text} ──`);
  }

  all(): McpLogLine[] {
    return this.partial ? [...this.lines, { time: this.now(), text: this.redact(this.partial) }] : [...this.lines];
  }

  private add(line: string): void {
    this.lines.push({ time: this.now(), text: this.redact(line) });
    if (this.lines.length > this.max) this.lines.splice(0, this.lines.length - this.max);
  }

  private redact(line: string): string {
    let out = line;
    for (const s of this.secrets()) if (s.length >= 4) out = out.split(s).join(REDACTED);
    return out;
  }
}
