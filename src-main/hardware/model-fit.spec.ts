import { describe, expect, it } from 'vitest';
import type { ModelMemoryEstimate } from '../../src-shared/api/features/hardware';
import { fitModel } from './model-fit';

const GiB = 1024 ** 3;
const need = (bytes: number): ModelMemoryEstimate => ({
  weightsBytes: bytes,
  kvCacheBytes: 0,
  graphBytes: 0,
  totalBytes: bytes,
  contextLength: 2048,
  parallel: 1,
  weightsFrom: 'file-size',
  kvFrom: 'architecture',
});

describe('fitModel', () => {
  it('fits in RAM with the figures the Models page shows', () => {
    expect(fitModel('tinyllama', need(0.9 * GiB), { memTotalBytes: 23 * GiB, gpus: [] })).toMatchObject({
      fits: true,
      where: 'ram',
      note: 'fits in RAM: 0.9 of 23.0 GiB',
    });
  });

  it('is too large when it needs more than RAM', () => {
    expect(fitModel('big', need(30 * GiB), { memTotalBytes: 23 * GiB, gpus: [] })).toMatchObject({
      fits: false,
      where: 'none',
      note: 'too large: needs 30.0 GiB, over 23.0 GiB RAM',
    });
  });

  it("holds the model to Ollama's container limit when the stack sets one below RAM", () => {
    const fit = fitModel('llama3', need(5.1 * GiB), { memTotalBytes: 23 * GiB, gpus: [], ollamaLimitBytes: 4 * GiB });
    expect(fit).toMatchObject({ fits: false, note: "too large: needs 5.1 GiB, over Ollama's 4.0 GiB memory limit" });
    expect(
      fitModel('tiny', need(0.9 * GiB), { memTotalBytes: 23 * GiB, gpus: [], ollamaLimitBytes: 4 * GiB }).note,
    ).toBe("fits in RAM: 0.9 of Ollama's 4.0 GiB memory limit");
  });

  it('prefers the GPU with the most free VRAM when the model fits there', () => {
    const gpus = [
      {
        index: 0,
        name: 'a',
        vendor: 'NVIDIA',
        vramTotalBytes: 8 * GiB,
        vramUsedBytes: 6 * GiB,
        source: 'nvidia-smi' as const,
      },
      {
        index: 1,
        name: 'b',
        vendor: 'NVIDIA',
        vramTotalBytes: 12 * GiB,
        vramUsedBytes: 1 * GiB,
        source: 'nvidia-smi' as const,
      },
    ];
    expect(fitModel('llama3', need(5 * GiB), { memTotalBytes: 16 * GiB, gpus })).toMatchObject({
      where: 'vram',
      note: 'fits in VRAM: 5.0 of 11.0 GiB free on GPU 1',
    });
    expect(fitModel('huge', need(14 * GiB), { memTotalBytes: 16 * GiB, gpus })).toMatchObject({
      where: 'ram',
      fits: true,
    });
  });
});
