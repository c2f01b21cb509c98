import { describe, expect, it } from 'vitest';
import {
  parseBlkioV1,
  parseIoStatV2,
  parseMemoryLimit,
  parseNetDev,
  parseProcCgroup,
  statValue,
  workingSet,
} from './cgroup-parsers';

describe('cgroup and /proc parsers', () => {
  it('counts the working set as docker stats does on v1 and v2', () => {
    expect(workingSet(100_000, 'cache 50000\ninactive_file 9\ntotal_inactive_file 30000\n', 1)).toBe(70_000);
    expect(workingSet(100_000, 'anon 60000\nfile 40000\ninactive_file 25000\n', 2)).toBe(75_000);
    expect(workingSet(10, 'inactive_file 25\n', 2)).toBe(0);
    expect(workingSet(100, 'anon 60\n', 2)).toBe(100);
  });

  it('finds one key of a stat file on its own line only, first, middle or last', () => {
    const stat = 'inactive_file 9\ntotal_inactive_file 30000\nactive_file 7';
    expect(statValue(stat, 'inactive_file')).toBe(9);
    expect(statValue(stat, 'total_inactive_file')).toBe(30000);
    expect(statValue(stat, 'active_file')).toBe(7);
    expect(statValue(stat, 'file')).toBeUndefined();
    expect(statValue('', 'file')).toBeUndefined();
  });

  it('reads limits, treating v1’s page-rounded 2^63 and v2’s "max" as none', () => {
    expect(parseMemoryLimit('100663296\n')).toBe(100663296);
    expect(parseMemoryLimit('9223372036854771712\n')).toBeUndefined();
    expect(parseMemoryLimit('max\n')).toBeUndefined();
  });

  it('sums block I/O of every device (v1 blkio and v2 io.stat)', () => {
    expect(parseBlkioV1('8:0 Read 4096\n8:0 Write 8192\n8:0 Sync 1\n8:16 Read 1000\nTotal 13288\n')).toEqual({
      read: 5096,
      write: 8192,
    });
    expect(parseIoStatV2('8:0 rbytes=4096 wbytes=100 rios=1 wios=1\n8:16 rbytes=4 wbytes=0 rios=1 wios=0\n')).toEqual({
      read: 4100,
      write: 100,
    });
  });

  it('sums network bytes over interfaces but loopback', () => {
    const text = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo:    5000      10    0    0    0     0          0         0     5000      10    0    0    0     0       0          0
  eth0:     486       5    0    0    0     0          0         0       90       1    0    0    0     0       0          0
  eth1:      14       1    0    0    0     0          0         0       10       1    0    0    0     0       0          0
`;
    expect(parseNetDev(text)).toEqual({ rx: 500, tx: 100 });
  });

  it('maps /proc/<pid>/cgroup lines to controllers (v1) and the unified path (v2)', () => {
    const v1 = parseProcCgroup(
      '12:memory:/docker/abc\n4:cpu,cpuacct:/docker/abc\n1:name=systemd:/docker/abc\n0::/docker/abc\n',
    );
    expect(v1.get('memory')).toBe('/docker/abc');
    expect(v1.get('cpuacct')).toBe('/docker/abc');
    expect(v1.get('systemd')).toBe('/docker/abc');
    expect(parseProcCgroup('0::/system.slice/docker-abc.scope\n').get('')).toBe('/system.slice/docker-abc.scope');
  });
});
