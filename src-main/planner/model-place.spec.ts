import { describe, expect, it } from 'vitest';
import { placeModel } from './model-place';

const GiB = 1024 ** 3;
const gpu = (usedGiB: number, totalGiB = 8) => ({
  index: 0,
  name: 'RTX 4060',
  totalBytes: totalGiB * GiB,
  usedBytes: usedGiB * GiB,
});

describe('placeModel: where a loaded model would sit', () => {
  it('in RAM on a machine without a GPU', () => {
    expect(placeModel(5 * GiB, [], true)).toEqual({
      where: 'ram',
      vramBytes: 0,
      ramBytes: 5 * GiB,
      note: 'in RAM (no GPU): 5.0 GiB',
    });
  });

  it('wholly in the GPU with the most free VRAM', () => {
    const p = placeModel(5 * GiB, [gpu(6), { ...gpu(1), index: 1 }], true);
    expect(p).toMatchObject({ where: 'vram', vramBytes: 5 * GiB, ramBytes: 0 });
    expect(p.note).toBe('fits in VRAM: 5.0 GiB of 7.0 GiB free on GPU 1 (RTX 4060)');
  });

  it('says when it spills out of VRAM, and how much lands in RAM', () => {
    const p = placeModel(9 * GiB, [gpu(2)], true);
    expect(p).toMatchObject({ where: 'split', vramBytes: 6 * GiB, ramBytes: 3 * GiB });
    expect(p.note).toMatch(/^spills out of VRAM: 6\.0 GiB on GPU 0 \(RTX 4060\), 3\.0 GiB in RAM/);
  });

  it('says when it would only fit on the CPU although a GPU is present', () => {
    const full = placeModel(9 * GiB, [gpu(7.9)], true);
    expect(full).toMatchObject({ where: 'cpu-only', vramBytes: 0, ramBytes: 9 * GiB });
    expect(full.note).toMatch(/^would only fit on the CPU: GPU 0 \(RTX 4060\) has 102 MiB free of 8\.0 GiB/);
    const noReservation = placeModel(2 * GiB, [gpu(0)], false);
    expect(noReservation.where).toBe('cpu-only');
    expect(noReservation.note).toMatch(/Ollama's service reserves no GPU/);
  });
});
