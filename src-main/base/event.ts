import { toDisposable, type IDisposable } from './disposable';

/** Subscribes a listener; disposing the result unsubscribes it. */
export type Event<T> = (listener: (value: T) => void) => IDisposable;

export interface EmitterOptions {
  /** Before the first listener is added (start watching something). */
  onWillAddFirstListener?: () => void;
  /** After the last listener was removed (stop watching it). */
  onDidRemoveLastListener?: () => void;
  /** A listener threw: the others still get the value. Default: console.error. */
  onListenerError?: (err: unknown) => void;
}

/**
 * The one listener set of a service: `event` is what the service offers, `fire` is how it tells
 * every listener. Each subscription is its own entry (the same function subscribed twice is called
 * twice and each disposal removes one). After `dispose`, listeners are dropped and new ones ignored.
 */
export class Emitter<T> implements IDisposable {
  private readonly listeners = new Set<{ fn: (value: T) => void }>();
  private disposed = false;

  constructor(private readonly options: EmitterOptions = {}) {}

  readonly event: Event<T> = (fn) => {
    if (this.disposed) return toDisposable(() => undefined);
    if (this.listeners.size === 0) this.options.onWillAddFirstListener?.();
    const entry = { fn };
    this.listeners.add(entry);
    return toDisposable(() => {
      if (!this.listeners.delete(entry)) return;
      if (this.listeners.size === 0) this.options.onDidRemoveLastListener?.();
    });
  };

  fire(value: T): void {
    for (const { fn } of this.listeners) {
      try {
        fn(value);
      } catch (err) {
        (this.options.onListenerError ?? console.error)(err);
      }
    }
  }

  get hasListeners(): boolean {
    return this.listeners.size > 0;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const had = this.listeners.size > 0;
    this.listeners.clear();
    if (had) this.options.onDidRemoveLastListener?.();
  }
}
