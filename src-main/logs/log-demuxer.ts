import { StringDecoder } from 'node:string_decoder';

export type LogStreamKind = 'stdout' | 'stderr';

/** Decoded text of one chunk, per output stream (empty strings when a stream had nothing). */
export interface DemuxedText {
  stdout: string;
  stderr: string;
}

const HEADER = 8;

/**
 * Splits the engine's multiplexed log stream (8-byte frame headers: stream type, 3 zero bytes,
 * big-endian payload length) into stdout and stderr text. A header or payload may be cut across
 * chunks, and a multi-byte UTF-8 character may be cut across frames: each stream has its own
 * StringDecoder, so a character split between two frames comes out whole. A TTY container's log
 * has no frames: it is all stdout.
 */
export class LogDemuxer {
  private readonly decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
  private header = Buffer.alloc(HEADER);
  private headerFill = 0;
  /** Payload bytes still to come for the current frame, and its stream. */
  private remaining = 0;
  private current: LogStreamKind = 'stdout';

  constructor(private readonly tty = false) {}

  push(chunk: Buffer): DemuxedText {
    if (this.tty) return { stdout: this.decoders.stdout.write(chunk), stderr: '' };
    const parts: Record<LogStreamKind, Buffer[]> = { stdout: [], stderr: [] };
    let at = 0;
    while (at < chunk.length) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - at);
        parts[this.current].push(chunk.subarray(at, at + take));
        this.remaining -= take;
        at += take;
        continue;
      }
      if (this.headerFill === 0 && chunk.length - at >= HEADER) {
        this.startFrame(chunk, at);
        at += HEADER;
        continue;
      }
      const take = Math.min(HEADER - this.headerFill, chunk.length - at);
      chunk.copy(this.header, this.headerFill, at, at + take);
      this.headerFill += take;
      at += take;
      if (this.headerFill === HEADER) {
        this.headerFill = 0;
        this.startFrame(this.header, 0);
      }
    }
    return { stdout: this.decode('stdout', parts.stdout), stderr: this.decode('stderr', parts.stderr) };
  }

  /** What is left at the end of the stream (an incomplete character comes out as U+FFFD). */
  end(): DemuxedText {
    return { stdout: this.decoders.stdout.end(), stderr: this.decoders.stderr.end() };
  }

  private startFrame(buf: Buffer, at: number): void {
    // Type 2 is stderr; 0 (stdin, used by some engines for a TTY-less attach) and 1 are stdout.
    this.current = buf[at] === 2 ? 'stderr' : 'stdout';
    this.remaining = buf.readUInt32BE(at + 4);
  }

  private decode(kind: LogStreamKind, parts: Buffer[]): string {
    if (parts.length === 0) return '';
    return this.decoders[kind].write(parts.length === 1 ? parts[0]! : Buffer.concat(parts));
  }
}
