import { describe, expect, it } from 'vitest';
import { DisposableStore, toDisposable } from './disposable';

describe('DisposableStore', () => {
  it('disposes everything once, last added first', () => {
    const order: string[] = [];
    const store = new DisposableStore();
    store.add(toDisposable(() => order.push('database')));
    store.add(toDisposable(() => order.push('collector')));
    store.dispose();
    store.dispose();
    expect(order).toEqual(['collector', 'database']);
  });

  it('disposes at once what is added after it was disposed', () => {
    const store = new DisposableStore();
    store.dispose();
    let disposed = false;
    store.add(toDisposable(() => (disposed = true)));
    expect(disposed).toBe(true);
    expect(store.isDisposed).toBe(true);
  });

  it('disposes the rest when one item throws, then throws the first error', () => {
    const order: string[] = [];
    const store = new DisposableStore();
    store.add(toDisposable(() => order.push('a')));
    store.add(
      toDisposable(() => {
        throw new Error('b failed');
      }),
    );
    store.add(toDisposable(() => order.push('c')));
    expect(() => store.dispose()).toThrow('b failed');
    expect(order).toEqual(['c', 'a']);
  });
});
