import { describe, expect, it } from 'vitest';
import { parseBlkioV1, parseIoStatV2, parseMeminfo, parseMemoryLimit, parseNetDev, parseProcCgroup, workingSet } from './cgroup-parsers';
import { parseNvidiaSmi } from './gpu-reader';
import { countersFromStats } from './stats-api-reader';

describe('cgroup and /proc parsers', () => {
  it('counts the working set as docker stats does on v1 and v2', () => {
    expect(workingSet(100_000, 'cache 50000\ninactive_file 9\ntotal_inactive_file 30000\n', 1)).toBe(70_000);
    expect(workingSet(100_000, 'anon 60000\nfile 40000\ninactive_file 25000\n', 2)).toBe(75_000);
    expect(workingSet(10, 'inactive_file 25\n', 2)).toBe(0);
  });

  it('reads limits, treating v1’s page-rounded 2^63 and v2’s "max" as none', () => {
    expect(parseMemoryLimit('100663296\n')).toBe(100663296);
    expect(parseMemoryLimit('9223372036854771712\n')).toBeUndefined();
    expect(parseMemoryLimit('max\n')).toBeUndefined();
  });

  it('sums block I/O of every device (v1 blkio and v2 io.stat)', () => {
    expect(parseBlkioV1('8:0 Read 4096\n8:0 Write 8192\n8:0 Sync 1\n8:16 Read 1000\nTotal 13288\n')).toEqual({ read: 5096, write: 8192 });
    expect(parseIoStatV2('8:0 rbytes=4096 wbytes=100 rios=1 wios=1\n8:16 rbytes=4 wbytes=0 rios=1 wios=0\n')).toEqual({ read: 4100, write: 100 });
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
    const v1 = parseProcCgroup('12:memory:/docker/abc\n4:cpu,cpuacct:/docker/abc\n1:name=systemd:/docker/abc\n0::/docker/abc\n');
    expect(v1.get('memory')).toBe('/docker/abc');
    expect(v1.get('cpuacct')).toBe('/docker/abc');
    expect(v1.get('systemd')).toBe('/docker/abc');
    expect(parseProcCgroup('0::/system.slice/docker-abc.scope\n').get('')).toBe('/system.slice/docker-abc.scope');
  });

  it('reads memory and swap from /proc/meminfo', () => {
    expect(parseMeminfo('MemTotal: 1000 kB\nMemFree: 10 kB\nMemAvailable: 600 kB\nSwapTotal: 200 kB\nSwapFree: 150 kB\n')).toEqual({
      total: 1024_000,
      available: 614_400,
      swapTotal: 204_800,
      swapFree: 153_600,
    });
  });

  it('reads the engine stats answer of a v2 engine', () => {
    const c = countersFromStats({
      cpu_stats: { cpu_usage: { total_usage: 5e9 } },
      memory_stats: { usage: 1000, limit: 4096, stats: { inactive_file: 200 } },
      networks: { eth0: { rx_bytes: 10, tx_bytes: 20 }, eth1: { rx_bytes: 1, tx_bytes: 2 } },
      blkio_stats: { io_service_bytes_recursive: [{ op: 'read', value: 7 }, { op: 'write', value: 9 }] },
    });
    expect(c).toEqual({ cpuNs: 5e9, memBytes: 800, memLimitBytes: 4096, blockRead: 7, blockWrite: 9, netRx: 11, netTx: 22 });
  });

  it('parses recorded nvidia-smi output', () => {
    const out = '0, NVIDIA GeForce RTX 3090, 37, 2048, 24576, 54\n1, NVIDIA A100-SXM4-40GB, 0, 0, 40960, [N/A]\n';
    expect(parseNvidiaSmi(out)).toEqual([
      { index: 0, name: 'NVIDIA GeForce RTX 3090', utilPercent: 37, memUsedBytes: 2048 * 1024 * 1024, memTotalBytes: 24576 * 1024 * 1024, temperatureC: 54 },
      { index: 1, name: 'NVIDIA A100-SXM4-40GB', utilPercent: 0, memUsedBytes: 0, memTotalBytes: 40960 * 1024 * 1024 },
    ]);
    expect(parseNvidiaSmi('')).toEqual([]);
  });
});
