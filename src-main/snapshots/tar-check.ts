import { Transform, type TransformCallback } from 'node:stream';
import { extract, type Extract, type Headers } from 'tar-stream';

export interface TarFacts {
  entries: number;
  /** The archive's own folder (`./`), whose mode and owner the engine's extraction leaves out. */
  root?: { mode: number; uid: number; gid: number };
}

/**
 * Passes a tar stream through unchanged while tar-stream reads every header and skips every body,
 * so an archive cut short or malformed (a header checksum, a body that ends early, no end-of-archive
 * blocks) fails the capture instead of being stored as if it were whole.
 */
export class TarCheck extends Transform {
  private readonly reader: Extract = extract();
  private readonly facts: TarFacts = { entries: 0 };
  private readonly finished: Promise<void>;
  /** The last 1024 bytes seen: a complete archive ends with two zero blocks. */
  private tail: Buffer = Buffer.alloc(0);

  constructor() {
    super();
    this.reader.on('entry', (header: Headers, body, next) => {
      this.facts.entries += 1;
      if (header.type === 'directory' && (header.name === './' || header.name === '.' || header.name === '')) {
        this.facts.root = { mode: header.mode ?? 0o755, uid: header.uid ?? 0, gid: header.gid ?? 0 };
      }
      body.on('end', () => next());
      body.resume();
    });
    this.finished = new Promise((resolve, reject) => {
      this.reader.once('finish', resolve);
      // Every error of the reader (it may report one again once destroyed) ends up here.
      this.reader.on('error', reject);
    });
    // A malformed header ends the pass-through at once (a write waiting for 'drain' would wait forever).
    this.finished.catch((err: Error) => this.destroy(invalid(err)));
  }

  /** What the archive held, once the stream has ended. */
  get result(): TarFacts {
    return this.facts;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.reader.destroyed) return done();
    this.tail =
      chunk.length >= 1024 ? chunk.subarray(chunk.length - 1024) : Buffer.concat([this.tail, chunk]).subarray(-1024);
    this.push(chunk);
    if (this.reader.write(chunk)) done();
    else this.reader.once('drain', () => done());
  }

  override _flush(done: TransformCallback): void {
    this.reader.end();
    this.finished.then(
      () => {
        if (this.tail.length < 1024 || this.tail.some((b) => b !== 0))
          return done(new Error('the archive ends without its end-of-archive blocks (cut short)'));
        done();
      },
      (err: Error) => done(invalid(err)),
    );
  }
}

function invalid(err: Error): Error {
  return new Error(`the archive is not a valid tar stream: ${err.message}`);
}
