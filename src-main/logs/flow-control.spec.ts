import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { LogBatch } from '../../src-shared/api/features/logs';
import { LogBatcher } from './log-batcher';
import { LogFollow, type LogTarget } from './log-follow';
import { WatermarkGate } from './watermark-gate';

function frame(text: string, kind = 1): Buffer {
  const body = Buffer.from(text);
  const h = Buffer.alloc(8);
  h[0] = kind;
  h.writeUInt32BE(body.length, 4);
  return Buffer.concat([h, body]);
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

/**
 * Writes lines as a socket delivers them, a few per turn of the event loop, until the stream
 * refuses more (its reader paused) or `limit` characters went in; returns how many did.
 */
async function writeUntilHeld(stream: PassThrough, line: string, written: number, limit = 1_000_000): Promise<number> {
  for (let i = 1; stream.write(line) && written < limit; i++) {
    written += line.length;
    if (i % 10 === 0) await new Promise((r) => setImmediate(r));
  }
  return written;
}

describe('LogBatcher', () => {
  it('sends what gathered within one interval as one batch', () => {
    let fire: (() => void) | undefined;
    const sent: string[] = [];
    const b = new LogBatcher((d) => sent.push(d), {
      setTimer: (fn) => (fire = fn),
      clearTimer: () => (fire = undefined),
    });
    b.push('a\r\n');
    b.push('b\r\n');
    expect(sent).toEqual([]);
    fire!();
    expect(sent).toEqual(['a\r\nb\r\n']);
  });

  it('sends at once when a batch is full', () => {
    const sent: string[] = [];
    const b = new LogBatcher((d) => sent.push(d), { maxBatch: 4, setTimer: () => 1, clearTimer: () => undefined });
    b.push('12');
    b.push('345');
    expect(sent).toEqual(['12345']);
    expect(b.pending).toBe(0);
  });
});

describe('WatermarkGate', () => {
  it('pauses above the high watermark and resumes only below the low one', () => {
    const calls: string[] = [];
    const g = new WatermarkGate(
      () => calls.push('pause'),
      () => calls.push('resume'),
      { high: 100, low: 20 },
    );
    g.sent(60);
    g.sent(60);
    expect(calls).toEqual(['pause']);
    g.sent(50);
    g.ack(80);
    expect(calls).toEqual(['pause']);
    g.ack(80);
    expect(calls).toEqual(['pause', 'resume']);
    g.ack(1000);
    expect(g.pending).toBe(0);
  });

  it('rejects watermarks where low is not below high', () => {
    expect(
      () =>
        new WatermarkGate(
          () => {},
          () => {},
          { high: 10, low: 10 },
        ),
    ).toThrow(/low \(10\) must be below high \(10\)/);
  });
});

describe('LogFollow', () => {
  it('merges services with their prefixes, and says when every source ended', async () => {
    const a = new PassThrough();
    const b = new PassThrough();
    const batches: LogBatch[] = [];
    const f = new LogFollow(
      [
        { service: 'api', tty: false, open: async () => a },
        { service: 'worker', tty: true, open: async () => b },
      ],
      (x) => batches.push(x),
      { streamId: 's1', color: false, batch: { intervalMs: 5 } },
    );
    f.start();
    await tick();
    a.write(Buffer.concat([frame('from api\n'), frame('api warns\n', 2)]));
    b.write('from worker\r\n');
    a.end();
    b.end();
    await tick(30);
    expect(batches[0]).toEqual({ streamId: 's1', data: '', bytes: 0 });
    const text = batches.map((x) => x.data).join('');
    expect(text).toContain('api    | from api\r\n');
    expect(text).toContain('api    | api warns\r\n');
    expect(text).toContain('worker | from worker\r\n');
    expect(batches.at(-1)?.done).toBe(true);
    expect(batches.filter((x) => x.data).every((x) => x.bytes === x.data.length)).toBe(true);
  });

  it('stops reading the source above the high watermark until acks bring it below the low one', async () => {
    const src = new PassThrough({ highWaterMark: 1024 });
    const batches: LogBatch[] = [];
    const f = new LogFollow([{ service: 'flood', tty: true, open: async () => src }], (x) => batches.push(x), {
      streamId: 's2',
      color: false,
      watermarks: { high: 4000, low: 1000 },
      batch: { intervalMs: 1, maxBatch: 1000 },
    });
    f.start();
    await tick();
    const line = 'x'.repeat(99) + '\n';
    // Write until the source refuses more: the producer has paused it and stopped reading.
    let written = 0;
    written = await writeUntilHeld(src, line, written);
    await tick(20);
    written = await writeUntilHeld(src, line, written);
    expect(written, 'the writer is held back').toBeLessThan(1_000_000);
    expect(f.isPaused).toBe(true);
    const sentWhilePaused = batches.reduce((n, x) => n + x.bytes, 0);
    await tick(50);
    expect(
      batches.reduce((n, x) => n + x.bytes, 0),
      'nothing more is sent while nothing is acked',
    ).toBe(sentWhilePaused);
    expect(f.unacked).toBeLessThanOrEqual(4000 + 1000 + 1100);

    f.ack(f.unacked);
    expect(f.isPaused).toBe(false);
    await tick(20);
    expect(
      batches.reduce((n, x) => n + x.bytes, 0),
      'reading resumed after the ack',
    ).toBeGreaterThan(sentWhilePaused);
    f.dispose();
    expect(src.destroyed).toBe(true);
  });

  it('shows a source that cannot be opened as a line instead of failing the others', async () => {
    const ok = new PassThrough();
    const batches: LogBatch[] = [];
    const f = new LogFollow(
      [
        { service: 'gone', tty: false, open: async () => Promise.reject(new Error('no such container')) },
        { service: 'ok', tty: true, open: async () => ok },
      ],
      (x) => batches.push(x),
      { streamId: 's3', color: false, batch: { intervalMs: 1 } },
    );
    f.start();
    await tick();
    ok.end('fine\n');
    await tick(20);
    const text = batches.map((x) => x.data).join('');
    expect(text).toContain('gone | [log unavailable: no such container]');
    expect(text).toContain('ok   | fine');
    expect(batches.at(-1)?.done).toBe(true);
  });

  it('marks a source that follows on when it stops, and reads the next run held by the same watermarks', async () => {
    const first = new PassThrough();
    const second = new PassThrough({ highWaterMark: 1024 });
    const batches: LogBatch[] = [];
    let resumeFrom = '';
    const next: LogTarget = { service: 'api', tty: true, open: async () => second };
    const f = new LogFollow(
      [
        {
          service: 'api',
          tty: true,
          open: async () => first,
          followOn: {
            ended: async () => ({ kind: 'stopped', exitCode: 1 }),
            next: async (since) => {
              resumeFrom = since;
              return { target: next };
            },
          },
        },
      ],
      (x) => batches.push(x),
      {
        streamId: 's4',
        color: false,
        timestamps: false,
        watermarks: { high: 4000, low: 1000 },
        batch: { intervalMs: 1, maxBatch: 1000 },
      },
    );
    f.start();
    await tick();
    first.end('2024-05-01T10:00:00.000000001Z last words\n');
    await tick(20);
    expect(resumeFrom).toBe(`${Date.parse('2024-05-01T10:00:00Z') / 1000}.000000001`);
    second.write('2024-05-01T10:00:00.000000001Z last words\n2024-05-01T10:00:02.000000000Z back\n');
    await tick(20);
    const text = batches.map((x) => x.data).join('');
    expect(text).toBe(
      'api | last words\r\napi | ── api stopped (exit 1) ──\r\napi | ── api started ──\r\napi | back\r\n',
    );
    expect(batches.filter((x) => x.sources).map((x) => x.sources)).toEqual([
      [{ service: 'api', state: 'stopped', exitCode: 1 }],
      [{ service: 'api', state: 'following' }],
    ]);

    const line = '2024-05-01T10:00:03.000000000Z ' + 'x'.repeat(68) + '\n';
    let written = 0;
    written = await writeUntilHeld(second, line, written);
    await tick(20);
    written = await writeUntilHeld(second, line, written);
    expect(written, 'the next run is held back too').toBeLessThan(1_000_000);
    expect(f.isPaused).toBe(true);
    f.dispose();
    expect(second.destroyed).toBe(true);
    expect(batches.some((x) => x.done)).toBe(false);
  });

  it('reads a log again when it ended while the engine was unreachable, saying so once while every try fails', async () => {
    const batches: LogBatch[] = [];
    let engineUp = false;
    let tries = 0;
    const back = new PassThrough();
    const target = (): LogTarget => ({
      service: 'api',
      tty: true,
      open: async () => {
        tries++;
        if (tries === 1) return new PassThrough().end('2024-05-01T10:00:00.000000000Z before\n');
        if (!engineUp) throw new Error('connect ECONNREFUSED /var/run/docker.sock');
        return back;
      },
      followOn: {
        ended: async () => {
          if (!engineUp) throw new Error('connect ECONNREFUSED /var/run/docker.sock');
          return { kind: 'running' };
        },
        next: async (_since, sameRun) => {
          expect(sameRun).toBe(true);
          return { target: target() };
        },
      },
    });
    const f = new LogFollow([target()], (x) => batches.push(x), {
      streamId: 's5',
      color: false,
      timestamps: false,
      batch: { intervalMs: 1 },
      reread: { baseMs: 5, capMs: 20 },
    });
    f.start();
    await tick(150);
    expect(tries).toBeGreaterThan(4);
    engineUp = true;
    await tick(50);
    back.write('2024-05-01T10:00:05.000000000Z after\n');
    await tick(20);
    f.dispose();
    expect(batches.map((x) => x.data).join('')).toBe(
      'api | before\r\n' +
        'api | ── api log interrupted (connect ECONNREFUSED /var/run/docker.sock), reading it again ──\r\n' +
        'api | [log unavailable: connect ECONNREFUSED /var/run/docker.sock]\r\n' +
        'api | after\r\n',
    );
  });
});
