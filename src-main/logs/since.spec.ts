import { describe, expect, it } from 'vitest';
import { parseSince } from './since';

describe('parseSince', () => {
  const now = Date.parse('2024-05-01T12:00:00Z');
  it('reads durations back from now, dates and epoch seconds', () => {
    expect(parseSince('10m', now)).toBe(now / 1000 - 600);
    expect(parseSince('1h30m', now)).toBe(now / 1000 - 5400);
    expect(parseSince('2024-05-01T10:00:00Z', now)).toBe(Date.parse('2024-05-01T10:00:00Z') / 1000);
    expect(parseSince('1714557600', now)).toBe(1714557600);
  });
  it('names what it accepts when it cannot read the value', () => {
    expect(() => parseSince('yesterday', now)).toThrow(
      /'yesterday' is not a time: use a duration \(30s, 10m, 2h, 1d\)/,
    );
  });
});
