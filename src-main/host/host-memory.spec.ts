import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseMeminfo, parsePressure, readHostMemory } from './host-memory';

const MiB = 1024 * 1024;
const dirs: string[] = [];
const fakeProc = (files: Record<string, string>): string => {
  const dir = mkdtempSync(join(tmpdir(), 'sutazai-proc-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('host memory', () => {
  it('reads memory and swap from /proc/meminfo', () => {
    expect(
      parseMeminfo('MemTotal: 1000 kB\nMemFree: 10 kB\nMemAvailable: 600 kB\nSwapTotal: 200 kB\nSwapFree: 150 kB\n'),
    ).toEqual({
      totalBytes: 1024_000,
      availableBytes: 614_400,
      swapTotalBytes: 204_800,
      swapFreeBytes: 153_600,
    });
  });

  it('counts free memory, buffers and page cache as available on kernels without MemAvailable', () => {
    expect(
      parseMeminfo(
        'MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 20 kB\nCached: 300 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n',
      ).availableBytes,
    ).toBe(420 * 1024);
  });

  it('reads PSI "some avg10" where the kernel has it', () => {
    expect(
      parsePressure(
        'some avg10=1.25 avg60=0.50 avg300=0.10 total=12345\nfull avg10=0.75 avg60=0.00 avg300=0.00 total=100\n',
      ),
    ).toBe(1.25);
    expect(parsePressure('')).toBeUndefined();
  });

  it('reads a /proc with pressure only when asked', async () => {
    const proc = fakeProc({
      meminfo: 'MemTotal: 2048 kB\nMemAvailable: 1024 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n',
      'pressure/memory': 'some avg10=3.50 avg60=1.00 avg300=0.20 total=9\n',
    });
    expect(await readHostMemory({ proc })).toEqual({
      totalBytes: 2 * MiB,
      availableBytes: MiB,
      swapTotalBytes: 0,
      swapFreeBytes: 0,
    });
    expect((await readHostMemory({ proc, pressure: true })).pressureSome10).toBe(3.5);
  });

  it('agrees with this machine’s /proc/meminfo, and asks systeminformation where /proc has none', async () => {
    const kb = (key: string) =>
      Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(readFileSync('/proc/meminfo', 'utf8'))![1]) * 1024;
    const mine = await readHostMemory();
    expect(mine.totalBytes).toBe(kb('MemTotal'));
    expect(mine.swapTotalBytes).toBe(kb('SwapTotal'));
    expect(Math.abs(mine.availableBytes - kb('MemAvailable'))).toBeLessThanOrEqual(64 * MiB);
    const fallback = await readHostMemory({ proc: fakeProc({}) });
    expect(fallback.totalBytes).toBe(kb('MemTotal'));
    expect(fallback.availableBytes).toBeGreaterThan(0);
  });
});
