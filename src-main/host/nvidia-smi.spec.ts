import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseNvidiaSmi, queryNvidiaSmi } from './nvidia-smi';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', 'nvidia-smi', name), 'utf8');
const MiB = 1024 * 1024;

describe('parseNvidiaSmi', () => {
  it('reads one GPU with its VRAM, use and driver', () => {
    expect(parseNvidiaSmi(fixture('one-gpu.txt'))).toEqual({
      gpus: [
        {
          index: 0,
          name: 'NVIDIA GeForce RTX 3060',
          vendor: 'NVIDIA',
          vramTotalBytes: 12288 * MiB,
          vramUsedBytes: 523 * MiB,
          driverVersion: '550.54.14',
          source: 'nvidia-smi',
        },
      ],
      note: 'nvidia-smi: 1 GPU',
    });
  });

  it('reads two GPUs in index order', () => {
    const { gpus, note } = parseNvidiaSmi(fixture('two-gpus.txt'));
    expect(gpus.map((g) => [g.index, g.name, g.vramTotalBytes, g.vramUsedBytes])).toEqual([
      [0, 'NVIDIA A100-SXM4-40GB', 40960 * MiB, 3 * MiB],
      [1, 'NVIDIA A100-SXM4-40GB', 40960 * MiB, 38112 * MiB],
    ]);
    expect(note).toBe('nvidia-smi: 2 GPUs');
  });

  it('says so when the driver finds no device', () => {
    expect(parseNvidiaSmi(fixture('no-devices.txt'))).toEqual({ gpus: [], note: 'nvidia-smi: no devices were found' });
  });

  it('leaves VRAM out where the driver prints [N/A]', () => {
    const [gpu] = parseNvidiaSmi(fixture('memory-not-available.txt')).gpus;
    expect(gpu).toEqual({
      index: 0,
      name: 'NVIDIA Jetson Orin',
      vendor: 'NVIDIA',
      driverVersion: '540.3.0',
      source: 'nvidia-smi',
    });
  });
});

describe('queryNvidiaSmi', () => {
  it('reports a missing nvidia-smi as a note, not an error', async () => {
    expect(await queryNvidiaSmi('/nonexistent/bin/nvidia-smi')).toEqual({
      gpus: [],
      note: 'nvidia-smi is not installed (no NVIDIA driver)',
    });
  });

  it('reports a failing nvidia-smi with its message', async () => {
    const result = await queryNvidiaSmi('false');
    expect(result.gpus).toEqual([]);
    expect(result.note).toMatch(/^nvidia-smi failed: /);
  });
});
