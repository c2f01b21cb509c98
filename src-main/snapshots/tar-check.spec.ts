import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pack } from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { FrameDemux } from './frame-demux';
import { TarCheck } from './tar-check';

async function tarOf(entries: { name: string; body?: string; type?: 'directory' }[]): Promise<Buffer> {
  const p = pack();
  for (const e of entries)
    p.entry(
      e.type === 'directory'
        ? { name: e.name, type: 'directory', mode: 0o700, uid: 999, gid: 998 }
        : { name: e.name, mode: 0o644 },
      e.body,
    );
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p as unknown as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

async function check(bytes: Buffer, chunk = 777): Promise<{ out: Buffer; check: TarCheck }> {
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) parts.push(bytes.subarray(i, i + chunk));
  const c = new TarCheck();
  const out: Buffer[] = [];
  await pipeline(Readable.from(parts), c, new Writable({ write: (b, _e, done) => (out.push(b), done()) }));
  return { out: Buffer.concat(out), check: c };
}

describe('the tar check on the way to an archive', () => {
  it('passes an archive through unchanged and tells its entries and root folder', async () => {
    const tar = await tarOf([
      { name: './', type: 'directory' },
      { name: './a', body: 'x'.repeat(5000) },
      { name: './b', body: '' },
    ]);
    const { out, check: c } = await check(tar);
    expect(out.equals(tar)).toBe(true);
    expect(c.result).toEqual({ entries: 3, root: { mode: 0o700, uid: 999, gid: 998 } });
  });

  it('fails an archive cut short, inside a body or at an entry boundary', async () => {
    const tar = await tarOf([
      { name: './a', body: 'x'.repeat(5000) },
      { name: './b', body: 'y' },
    ]);
    await expect(check(tar.subarray(0, 2000))).rejects.toThrow(
      /the archive is not a valid tar stream: Unexpected end of data/,
    );
    await expect(check(tar.subarray(0, 512 + 5120))).rejects.toThrow(
      'the archive ends without its end-of-archive blocks (cut short)',
    );
  });

  it('fails bytes that are not a tar archive', async () => {
    await expect(check(Buffer.alloc(4096, 0x41))).rejects.toThrow(/the archive is not a valid tar stream/);
  });
});

describe("the engine's multiplexed output as bytes", () => {
  it('keeps stdout bytes in order and sends stderr aside, with frames cut at every byte', async () => {
    const frame = (type: number, body: Buffer) => {
      const h = Buffer.alloc(8);
      h[0] = type;
      h.writeUInt32BE(body.length, 4);
      return Buffer.concat([h, body]);
    };
    const stdout = Buffer.from(Array.from({ length: 300 }, (_v, i) => i % 256));
    const stream = Buffer.concat([
      frame(1, stdout.subarray(0, 100)),
      frame(2, Buffer.from('warning\n')),
      frame(1, stdout.subarray(100)),
    ]);
    for (const size of [1, 3, 8, 9, 64]) {
      const err: Buffer[] = [];
      const out: Buffer[] = [];
      const parts: Buffer[] = [];
      for (let i = 0; i < stream.length; i += size) parts.push(stream.subarray(i, i + size));
      await pipeline(
        Readable.from(parts),
        new FrameDemux((c) => err.push(c)),
        new Writable({ write: (b, _e, d) => (out.push(b), d()) }),
      );
      expect(Buffer.concat(out).equals(stdout)).toBe(true);
      expect(Buffer.concat(err).toString()).toBe('warning\n');
    }
    await expect(
      pipeline(
        Readable.from([stream.subarray(0, 20)]),
        new FrameDemux(() => undefined),
        new Writable({ write: (_b, _e, d) => d() }),
      ),
    ).rejects.toThrow('the output stream ended inside a frame');
  });
});
