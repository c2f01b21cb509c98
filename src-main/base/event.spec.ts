import { describe, expect, it } from 'vitest';
import { Emitter } from './event';

describe('Emitter', () => {
  it('delivers each value to every listener until its subscription is disposed', () => {
    const emitter = new Emitter<number>();
    const a: number[] = [];
    const b: number[] = [];
    const subA = emitter.event((v) => a.push(v));
    emitter.event((v) => b.push(v));
    emitter.fire(1);
    subA.dispose();
    subA.dispose();
    emitter.fire(2);
    expect(a).toEqual([1]);
    expect(b).toEqual([1, 2]);
  });

  it('keeps each subscription of the same function apart', () => {
    const emitter = new Emitter<string>();
    const seen: string[] = [];
    const listener = (v: string) => seen.push(v);
    const first = emitter.event(listener);
    emitter.event(listener);
    emitter.fire('x');
    first.dispose();
    emitter.fire('y');
    expect(seen).toEqual(['x', 'x', 'y']);
  });

  it('tells when the first listener comes and the last one goes', () => {
    const calls: string[] = [];
    const emitter = new Emitter<void>({
      onWillAddFirstListener: () => calls.push('first'),
      onDidRemoveLastListener: () => calls.push('last'),
    });
    const one = emitter.event(() => undefined);
    const two = emitter.event(() => undefined);
    one.dispose();
    expect(calls).toEqual(['first']);
    two.dispose();
    expect(calls).toEqual(['first', 'last']);
    emitter.event(() => undefined);
    emitter.dispose();
    expect(calls).toEqual(['first', 'last', 'first', 'last']);
  });

  it('still reaches the other listeners when one throws, and reports the error', () => {
    const errors: unknown[] = [];
    const emitter = new Emitter<number>({ onListenerError: (e) => errors.push(e) });
    const seen: number[] = [];
    emitter.event(() => {
      throw new Error('broken listener');
    });
    emitter.event((v) => seen.push(v));
    emitter.fire(7);
    expect(seen).toEqual([7]);
    expect((errors[0] as Error).message).toBe('broken listener');
  });

  it('drops its listeners and ignores new ones once disposed', () => {
    const emitter = new Emitter<number>();
    const seen: number[] = [];
    emitter.event((v) => seen.push(v));
    emitter.dispose();
    emitter.event((v) => seen.push(v));
    emitter.fire(1);
    expect(seen).toEqual([]);
    expect(emitter.hasListeners).toBe(false);
  });
});
