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
    return this.pushAll([chunk]);
  }

  /**
   * The chunks that arrived together, in order. Each frame's payload is copied once into one buffer
   * per output stream (the engine sends a frame per log line, so no object is made per frame) and
   * each buffer is decoded once.
   */
  pushAll(chunks: readonly Buffer[]): DemuxedText {
    if (this.tty) {
      const all = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      return { stdout: this.decoders.stdout.write(all), stderr: '' };
    }
    let total = 0;
    for (const c of chunks) total += c.length;
    // Payloads are never longer than what arrived, so each stream's buffer is sized by the total.
    const out = { stdout: Buffer.allocUnsafe(total), stderr: undefined as Buffer | undefined };
    const filled = { stdout: 0, stderr: 0 };
    for (const chunk of chunks) {
      let at = 0;
      while (at < chunk.length) {
        if (this.remaining > 0) {
          const take = Math.min(this.remaining, chunk.length - at);
          const kind = this.current;
          const into = kind === 'stdout' ? out.stdout : (out.stderr ??= Buffer.allocUnsafe(total));
          chunk.copy(into, filled[kind], at, at + take);
          filled[kind] += take;
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
    }
    return {
      stdout: filled.stdout ? this.decoders.stdout.write(out.stdout.subarray(0, filled.stdout)) : '',
      stderr: filled.stderr ? this.decoders.stderr.write(out.stderr!.subarray(0, filled.stderr)) : '',
    };
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
}
