import { describe, expect, it } from 'vitest';
import { AFTER_START_MS, FAST_MS, intervalFor, SamplingSchedule } from './sampling-schedule';

const thresholds = [0.8, 0.9, 0.95];

describe('SamplingSchedule', () => {
  it('samples faster as headroom shrinks, down to 50 ms', () => {
    expect([0.1, 0.65, 0.8, 0.9, 0.99].map(intervalFor)).toEqual([1000, 500, 250, 50, 50]);
  });

  it('looks once a second at a flat stack far from the budget', () => {
    const s = new SamplingSchedule(thresholds);
    expect([0, 1000, 2000, 3000].map((t) => s.next(0.3, t))).toEqual([1000, 1000, 1000, 1000]);
  });

  it('looks every 50 ms for a few seconds after a member starts, then once a second again', () => {
    const s = new SamplingSchedule(thresholds);
    s.memberStarted(10_000);
    expect(s.next(0.3, 10_050)).toBe(FAST_MS);
    expect(s.next(0.3, 10_000 + AFTER_START_MS - 10)).toBe(FAST_MS);
    expect(s.next(0.3, 10_000 + AFTER_START_MS)).toBe(1000);
  });

  it('looks again at half the time a steady climb needs to reach the next threshold', () => {
    const s = new SamplingSchedule(thresholds);
    s.next(0.3, 0);
    // 0.3 → 0.5 in 1 s: 0.8 is 1.5 s away at that slope, so the next look is in 750 ms.
    expect(s.next(0.5, 1000)).toBe(750);
    // 0.5 → 0.7 in 750 ms: 0.8 is 375 ms away.
    expect(s.next(0.7, 1750)).toBe(188);
    // Past the warning, the shedding threshold is the next one: 0.85 at 0.15 per 188 ms, 0.9 is 63 ms away.
    expect(s.next(0.85, 1938)).toBe(FAST_MS);
  });

  it('ignores a falling or flat usage, and a slope past the last threshold', () => {
    const s = new SamplingSchedule(thresholds);
    s.next(0.5, 0);
    expect(s.next(0.4, 1000)).toBe(1000);
    expect(s.next(0.4, 2000)).toBe(1000);
    expect(s.next(0.97, 2050)).toBe(FAST_MS);
    s.reset();
    expect(s.next(0.3, 3000)).toBe(1000);
  });
});
