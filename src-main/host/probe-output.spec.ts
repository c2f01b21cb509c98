import { describe, expect, it } from 'vitest';
import { ProbeReader } from './probe-output';

const sample = (user: number, idle: number) =>
  [
    'MemTotal:       16384000 kB',
    'MemFree:         1024000 kB',
    'MemAvailable:    8192000 kB',
    'SwapTotal:       2048000 kB',
    'SwapFree:        2048000 kB',
    '@@psi',
    'some avg10=1.50 avg60=0.40 avg300=0.10 total=12345',
    'full avg10=0.20 avg60=0.05 avg300=0.01 total=2345',
    '@@stat',
    `cpu  ${user} 0 100 ${idle} 0 0 0 0 0 0`,
    '',
  ].join('\n');

describe('ProbeReader', () => {
  it('reads memory, pressure and the CPU load between two samples of a probe', () => {
    const reader = new ProbeReader();
    const first = reader.read(sample(1000, 9000))!;
    expect(first.memory).toMatchObject({ totalBytes: 16384000 * 1024, availableBytes: 8192000 * 1024 });
    expect(first.memory.pressureSome10).toBe(1.5);
    expect(first.cpuPercent).toBe(0);
    // 300 more busy jiffies of 1000: 30 %.
    expect(reader.read(sample(1300, 9700))!.cpuPercent).toBeCloseTo(30, 5);
  });

  it('refuses a cut sample, and one without memory figures', () => {
    const reader = new ProbeReader();
    expect(reader.read('MemTotal: 1 kB\n@@psi\n')).toBeUndefined();
    expect(reader.read('@@psi\n@@stat\ncpu  1 0 1 1 0 0 0 0 0 0\n')).toBeUndefined();
  });
});
