import { describe, expect, it } from 'vitest';
import { formatBytes, formatMemory } from './format';

describe('formatBytes', () => {
  it('uses binary units with one decimal, whole bytes below 1 KiB', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(16 * 1024 ** 3)).toBe('16.0 GiB');
    expect(formatBytes(3 * 1024 ** 5)).toBe('3072.0 TiB');
    expect(formatBytes(-2048)).toBe('-2.0 KiB');
  });

  it('says a figure is missing with the caller’s mark', () => {
    expect(formatBytes(undefined)).toBe('–');
    expect(formatBytes(NaN, '?')).toBe('?');
    expect(formatBytes(Infinity, '?')).toBe('?');
  });
});

describe('formatMemory', () => {
  it('rounds to whole MiB below 1 GiB and shows GiB with one decimal from there', () => {
    expect(formatMemory(32 * 1024 ** 2)).toBe('32 MiB');
    expect(formatMemory(2.6 * 1024 ** 2)).toBe('3 MiB');
    expect(formatMemory(1024 ** 3 - 1)).toBe('1024 MiB');
    expect(formatMemory(1024 ** 3)).toBe('1.0 GiB');
    expect(formatMemory(2.1 * 1024 ** 3)).toBe('2.1 GiB');
  });
});
