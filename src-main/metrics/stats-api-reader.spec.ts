import { describe, expect, it } from 'vitest';
import { countersFromStats } from './stats-api-reader';

describe('countersFromStats', () => {
  it('reads the engine stats answer of a v2 engine', () => {
    const c = countersFromStats({
      cpu_stats: { cpu_usage: { total_usage: 5e9 } },
      memory_stats: { usage: 1000, limit: 4096, stats: { inactive_file: 200 } },
      networks: { eth0: { rx_bytes: 10, tx_bytes: 20 }, eth1: { rx_bytes: 1, tx_bytes: 2 } },
      blkio_stats: {
        io_service_bytes_recursive: [
          { op: 'read', value: 7 },
          { op: 'write', value: 9 },
        ],
      },
    });
    expect(c).toEqual({
      cpuNs: 5e9,
      memBytes: 800,
      memLimitBytes: 4096,
      blockRead: 7,
      blockWrite: 9,
      netRx: 11,
      netTx: 22,
    });
  });
});
