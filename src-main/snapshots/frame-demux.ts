import { Transform, type TransformCallback } from 'node:stream';

const HEADER = 8;

/**
 * The stdout bytes of the engine's multiplexed exec/attach stream (8-byte frame headers: stream type,
 * three zero bytes, big-endian length), as a binary stream with backpressure; stderr goes to
 * `onStderr`. A header may be cut across chunks. (The logs feature decodes the same frames as text;
 * a dump or an archive must stay bytes.)
 */
export class FrameDemux extends Transform {
  private header = Buffer.alloc(HEADER);
  private headerFill = 0;
  private remaining = 0;
  private toStderr = false;

  constructor(private readonly onStderr: (chunk: Buffer) => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - at);
        const part = chunk.subarray(at, at + take);
        if (this.toStderr) this.onStderr(part);
        else this.push(part);
        this.remaining -= take;
        at += take;
        continue;
      }
      const take = Math.min(HEADER - this.headerFill, chunk.length - at);
      chunk.copy(this.header, this.headerFill, at, at + take);
      this.headerFill += take;
      at += take;
      if (this.headerFill === HEADER) {
        this.headerFill = 0;
        this.toStderr = this.header[0] === 2;
        this.remaining = this.header.readUInt32BE(4);
      }
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.headerFill > 0 || this.remaining > 0) return done(new Error('the output stream ended inside a frame'));
    done();
  }
}

/** Keeps the last `limit` bytes of a stream's text (an error message, without holding a flood). */
export class TextTail {
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly limit = 16 * 1024) {}

  add = (chunk: Buffer): void => {
    this.chunks.push(Buffer.from(chunk));
    this.size += chunk.length;
    while (this.size - (this.chunks[0]?.length ?? 0) >= this.limit && this.chunks.length > 1) {
      this.size -= this.chunks.shift()!.length;
    }
  };

  text(): string {
    return Buffer.concat(this.chunks).subarray(-this.limit).toString('utf8').trim();
  }
}
