import { describe, expect, it } from 'vitest';
import { LogDemuxer } from './log-demuxer';

function frame(kind: 1 | 2, payload: Buffer | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const header = Buffer.alloc(8);
  header[0] = kind;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

function pushAll(d: LogDemuxer, chunks: Buffer[]): { stdout: string; stderr: string } {
  const out = { stdout: '', stderr: '' };
  for (const c of [...chunks.map((x) => d.push(x)), d.end()]) {
    out.stdout += c.stdout;
    out.stderr += c.stderr;
  }
  return out;
}

describe('LogDemuxer', () => {
  it('separates stdout and stderr frames', () => {
    const d = new LogDemuxer();
    const out = d.push(Buffer.concat([frame(1, 'out one\n'), frame(2, 'err one\n'), frame(1, 'out two\n')]));
    expect(out).toEqual({ stdout: 'out one\nout two\n', stderr: 'err one\n' });
  });

  it('keeps a multi-byte character whole when it is split across two frames', () => {
    const text = Buffer.from('grüße €😀\n');
    // Cut inside 'ü' (2 bytes), inside '€' (3 bytes) and inside the emoji (4 bytes).
    const cuts = [3, 9, 13, text.length];
    const frames: Buffer[] = [];
    let from = 0;
    for (const to of cuts) {
      frames.push(frame(1, text.subarray(from, to)));
      from = to;
    }
    const d = new LogDemuxer();
    const pieces = frames.map((f) => d.push(f).stdout);
    expect(pieces.join('')).toBe('grüße €😀\n');
    expect(pieces.join('')).not.toContain('\uFFFD');
  });

  it('keeps characters whole per stream when stdout and stderr frames interleave mid-character', () => {
    const a = Buffer.from('ä\n');
    const b = Buffer.from('ö\n');
    const d = new LogDemuxer();
    const out = pushAll(d, [
      frame(1, a.subarray(0, 1)),
      frame(2, b.subarray(0, 1)),
      frame(1, a.subarray(1)),
      frame(2, b.subarray(1)),
    ]);
    expect(out).toEqual({ stdout: 'ä\n', stderr: 'ö\n' });
  });

  it('reads headers and payloads cut at every possible byte', () => {
    const all = Buffer.concat([frame(1, 'first line\n'), frame(2, 'warn: ü\n'), frame(1, 'last\n')]);
    for (let size = 1; size <= all.length; size++) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < all.length; i += size) chunks.push(all.subarray(i, i + size));
      expect(pushAll(new LogDemuxer(), chunks), `chunks of ${size} bytes`).toEqual({
        stdout: 'first line\nlast\n',
        stderr: 'warn: ü\n',
      });
    }
  });

  it('reads the chunks of one turn together, cut at every byte, as it reads them one by one', () => {
    const all = Buffer.concat([frame(1, 'first line\n'), frame(2, 'warn: ü\n'), frame(1, 'last ä\n')]);
    for (let size = 1; size <= all.length; size++) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < all.length; i += size) chunks.push(all.subarray(i, i + size));
      const d = new LogDemuxer();
      // Two turns: the first holds the chunks up to the middle, the second the rest.
      const half = Math.ceil(chunks.length / 2);
      const turns = [d.pushAll(chunks.slice(0, half)), d.pushAll(chunks.slice(half)), d.end()];
      const out = { stdout: turns.map((t) => t.stdout).join(''), stderr: turns.map((t) => t.stderr).join('') };
      expect(out, `chunks of ${size} bytes`).toEqual({ stdout: 'first line\nlast ä\n', stderr: 'warn: ü\n' });
    }
  });

  it('passes a TTY log through as stdout, still decoding characters cut across chunks', () => {
    const raw = Buffer.from('\u001b[32mgrün\u001b[0m\r\n');
    const d = new LogDemuxer(true);
    expect(pushAll(d, [raw.subarray(0, 9), raw.subarray(9)])).toEqual({
      stdout: '\u001b[32mgrün\u001b[0m\r\n',
      stderr: '',
    });
  });

  it('ends an incomplete character as a replacement mark instead of dropping it', () => {
    const d = new LogDemuxer();
    expect(pushAll(d, [frame(1, Buffer.from('€').subarray(0, 2))]).stdout).toBe('\uFFFD');
  });
});
