import { describe, expect, it } from 'vitest';
import { cpuPercentBetween, parseProcStat, readCpuTimes } from './cpu-times';

describe('host CPU times', () => {
  it('parses the aggregate line of /proc/stat, counting iowait as idle', () => {
    const t = parseProcStat('cpu  100 5 50 800 40 3 2 0 0 0\ncpu0 50 2 25 400 20 1 1 0 0 0\n');
    expect(t).toEqual({ total: 1000, busy: 160 });
  });

  it('computes percent busy between two readings', () => {
    expect(cpuPercentBetween({ busy: 100, total: 1000 }, { busy: 350, total: 2000 })).toBe(25);
    expect(cpuPercentBetween({ busy: 100, total: 1000 }, { busy: 100, total: 1000 })).toBe(0);
  });

  it('rejects a file that is not /proc/stat', () => {
    expect(() => parseProcStat('intr 1 2 3')).toThrow(/unexpected first line 'intr 1 2 3'/);
  });

  it('reads this host and sees time pass', async () => {
    const a = await readCpuTimes();
    let x = 0;
    const until = Date.now() + 60;
    while (Date.now() < until) x += Math.sqrt(x + 1);
    const b = await readCpuTimes();
    expect(b.total).toBeGreaterThan(a.total);
    expect(b.busy).toBeGreaterThan(a.busy);
    expect(x).toBeGreaterThan(0);
  });
});
