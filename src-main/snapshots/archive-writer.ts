import { createHash } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, fsyncSync, openSync } from 'node:fs';
import { Transform, Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { TarCheck, type TarFacts } from './tar-check';

export interface WrittenFile {
  sha256: string;
  /** Bytes as stored. */
  bytes: number;
  /** Bytes read from the source (before compression). */
  rawBytes: number;
  /** For a tar source: its entries and its root folder. */
  tar?: TarFacts;
}

export interface WriteOptions {
  /** gzip the stream (level 6, zlib's default) on its way to the file. */
  gzip: boolean;
  /** Read every tar header on the way, so a cut or malformed archive fails here. */
  tar?: boolean;
  /** Called with the source bytes of each chunk (progress). */
  onBytes?: (n: number) => void;
  signal?: AbortSignal;
}

/**
 * Streams a source to a new file (mode 0600, never an existing one), counting, checking,
 * compressing and hashing on the way: nothing is held whole in memory or written anywhere else.
 * The file is flushed to disk before this resolves.
 */
export async function writeArchive(source: Readable, file: string, o: WriteOptions): Promise<WrittenFile> {
  let rawBytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      rawBytes += chunk.length;
      o.onBytes?.(chunk.length);
      done(null, chunk);
    },
  });
  const check = o.tar ? new TarCheck() : undefined;
  const hasher = new HashingPassThrough();
  const fd = openSync(file, 'wx', 0o600);
  try {
    const out = createWriteStream('', { fd, autoClose: false });
    await pipeline(
      [source, counter, ...(check ? [check] : []), ...(o.gzip ? [createGzip()] : []), hasher, out],
      o.signal ? { signal: o.signal } : {},
    );
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return {
    sha256: hasher.digest(),
    bytes: hasher.bytes,
    rawBytes,
    ...(check ? { tar: check.result } : {}),
  };
}

/** A pass-through that hashes and counts what goes by. */
export class HashingPassThrough extends Transform {
  private readonly hash = createHash('sha256');
  bytes = 0;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: (e?: Error | null, c?: Buffer) => void): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    done(null, chunk);
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

/** The SHA-256 and size of a file, read as a stream. */
export async function hashFile(file: string, signal?: AbortSignal): Promise<{ sha256: string; bytes: number }> {
  const hasher = new HashingPassThrough();
  await pipeline(
    createReadStream(file),
    hasher,
    new Writable({ write: (_c, _e, done) => done() }),
    ...(signal ? [{ signal }] : []),
  );
  return { sha256: hasher.digest(), bytes: hasher.bytes };
}
