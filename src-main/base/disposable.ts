/** Something that holds a resource (a timer, a socket, a file, a listener) until it is disposed. */
export interface IDisposable {
  dispose(): void;
}

/** A disposable that runs `fn` once, on the first `dispose`. */
export function toDisposable(fn: () => void): IDisposable {
  let done = false;
  return {
    dispose() {
      if (done) return;
      done = true;
      fn();
    },
  };
}

/**
 * Disposables owned together and released together, last added first (a part is released before
 * what it was built on). Something added after the store was disposed is disposed at once. Every
 * item is disposed even when one throws; the first error is thrown afterwards.
 */
export class DisposableStore implements IDisposable {
  private readonly items: IDisposable[] = [];
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  add<T extends IDisposable>(item: T): T {
    if (this.disposed) item.dispose();
    else this.items.push(item);
    return item;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    let first: unknown;
    let failed = false;
    for (const item of this.items.splice(0).reverse()) {
      try {
        item.dispose();
      } catch (err) {
        if (!failed) first = err;
        failed = true;
      }
    }
    if (failed) throw first;
  }
}
