import { describe, expect, it } from 'vitest';
import { LineAssembler } from './line-assembler';
import { LogStamps, stampToSince } from './log-stamps';

const T1 = '2024-05-01T10:00:00.100000000Z';
const T2 = '2024-05-01T10:00:00.200000000Z';
const T3 = '2024-05-01T10:00:01.000000001Z';

describe('LogStamps', () => {
  it('turns a stamp into the engine since, nanoseconds kept', () => {
    expect(stampToSince(T3)).toBe(`${Date.parse('2024-05-01T10:00:01Z') / 1000}.000000001`);
    expect(stampToSince('2024-05-01T10:00:01Z')).toBe(`${Date.parse('2024-05-01T10:00:01Z') / 1000}.000000000`);
    expect(() => stampToSince('yesterday')).toThrow(/'yesterday' is not an engine log timestamp/);
  });

  it('takes the stamps off when they were not asked for, and remembers the newest', () => {
    const stamps = new LogStamps(false);
    const a = new LineAssembler('api | ', undefined, stamps.filter());
    expect(a.push(`${T1} one\n${T2} two\n${T3} `)).toBe('api | one\r\napi | two\r\n');
    expect(stamps.last).toBe(T2);
    expect(a.push('\n')).toBe('api | \r\n');
    expect(stamps.last).toBe(T3);
  });

  it('keeps the stamps when they were asked for', () => {
    const stamps = new LogStamps(true);
    const a = new LineAssembler('api | ', undefined, stamps.filter());
    expect(a.push(`${T1} one\n`)).toBe(`api | ${T1} one\r\n`);
  });

  it('drops the lines a continued read repeats, on each output stream, and nothing after them', () => {
    const stamps = new LogStamps(false);
    new LineAssembler('api | ', undefined, stamps.filter()).push(`${T1} one\n`);
    new LineAssembler('api | ', undefined, stamps.filter()).push(`${T2} oops\n`);
    stamps.resume();
    const out = new LineAssembler('api | ', undefined, stamps.filter());
    const err = new LineAssembler('api | ', undefined, stamps.filter());
    // The engine's since includes the last stamp's own instant, so the line at T2 comes again.
    expect(err.push(`${T2} oops\n`)).toBe('');
    expect(out.push(`${T3} after restart\n`)).toBe('api | after restart\r\n');
    expect(err.push(`${T3} again\n${T1} out of order but new to this read\n`)).toBe(
      'api | again\r\napi | out of order but new to this read\r\n',
    );
  });

  it('leaves the rest of a line cut for its length alone', () => {
    const stamps = new LogStamps(false);
    const a = new LineAssembler('x | ', 40, stamps.filter());
    expect(a.push(`${T1} ${'a'.repeat(20)}`)).toBe(`x | ${'a'.repeat(20)}\r\n`);
    expect(a.push(`bbb ccc\n${T2} next\n`)).toBe('x | bbb ccc\r\nx | next\r\n');
  });
});
