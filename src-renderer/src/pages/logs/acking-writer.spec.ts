import { describe, expect, it } from 'vitest';
import { AckingWriter } from './acking-writer';

/** A terminal whose parser runs when the test says so, and a clock the test advances. */
function setup(ackBytes = 100) {
  const queue: { data: string; done: () => void }[] = [];
  const written: string[] = [];
  const acks: number[] = [];
  let timers: (() => void)[] = [];
  const writer = new AckingWriter(
    (data, done) => queue.push({ data, done }),
    (bytes) => acks.push(bytes),
    { ackBytes, setTimer: (fn) => (timers.push(fn), fn), clearTimer: (t) => (timers = timers.filter((f) => f !== t)) },
  );
  const parse = (n = queue.length) => {
    for (const w of queue.splice(0, n)) {
      written.push(w.data);
      w.done();
    }
  };
  const tick = () => {
    const due = timers;
    timers = [];
    for (const f of due) f();
  };
  return { writer, queue, written, acks, parse, tick };
}

describe('AckingWriter', () => {
  it('acks only what the terminal has parsed, at once past the threshold and otherwise after a delay', () => {
    const t = setup(100);
    t.writer.push('a'.repeat(60), 60);
    t.writer.push('b'.repeat(60), 60);
    expect(t.writer.pendingBytes).toBe(120);
    expect(t.acks).toEqual([]);
    t.parse(1);
    expect(t.acks).toEqual([]);
    t.tick();
    expect(t.acks).toEqual([60]);
    t.writer.push('c'.repeat(50), 50);
    t.parse();
    expect(t.acks).toEqual([60, 110]);
    expect(t.writer.pendingBytes).toBe(0);
  });

  it('holds batches unwritten and unacked while paused, then writes them in order on resume', () => {
    const t = setup(10);
    t.writer.pause();
    t.writer.push('one\n', 4);
    t.writer.push('two\n', 4);
    expect(t.queue).toHaveLength(0);
    expect(t.writer.pendingBytes).toBe(8);
    t.tick();
    expect(t.acks).toEqual([]);
    t.writer.resume();
    t.parse();
    t.tick();
    expect(t.written).toEqual(['one\n', 'two\n']);
    expect(t.acks).toEqual([8]);
  });

  it('stops acking after dispose, even for batches the terminal parses later', () => {
    const t = setup(1);
    t.writer.push('x', 1);
    t.writer.dispose();
    t.parse();
    t.tick();
    t.writer.push('y', 1);
    expect(t.acks).toEqual([]);
    expect(t.queue).toHaveLength(0);
  });
});
