import { describe, expect, it } from 'vitest';
import { parseNvidiaSmi } from './gpu-reader';

describe('the metrics GPU reader', () => {
  it('parses recorded nvidia-smi output', () => {
    const out = '0, NVIDIA GeForce RTX 3090, 37, 2048, 24576, 54\n1, NVIDIA A100-SXM4-40GB, 0, 0, 40960, [N/A]\n';
    expect(parseNvidiaSmi(out)).toEqual([
      {
        index: 0,
        name: 'NVIDIA GeForce RTX 3090',
        utilPercent: 37,
        memUsedBytes: 2048 * 1024 * 1024,
        memTotalBytes: 24576 * 1024 * 1024,
        temperatureC: 54,
      },
      { index: 1, name: 'NVIDIA A100-SXM4-40GB', utilPercent: 0, memUsedBytes: 0, memTotalBytes: 40960 * 1024 * 1024 },
    ]);
    expect(parseNvidiaSmi('')).toEqual([]);
  });
});
