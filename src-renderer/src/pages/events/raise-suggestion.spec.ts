import { describe, expect, it } from 'vitest';
import { suggestedLimit } from './raise-suggestion';

const MiB = 1024 * 1024;

describe('the limit offered after an OOM kill', () => {
  it('is half as much again as the old limit, rounded up to 64 MiB', () => {
    expect(suggestedLimit({ limitBytes: 100 * MiB })).toBe(192 * MiB);
    expect(suggestedLimit({ limitBytes: 2048 * MiB })).toBe(3072 * MiB);
  });

  it('follows the peak when the peak was far above the limit', () => {
    expect(suggestedLimit({ limitBytes: 512 * MiB, peakBytes: 1000 * MiB })).toBe(1280 * MiB);
  });

  it('offers nothing without a limit', () => {
    expect(suggestedLimit({ limitBytes: 0 })).toBeUndefined();
    expect(suggestedLimit(undefined)).toBeUndefined();
  });
});
