export { DisposableStore, toDisposable, type IDisposable } from './disposable';
export { Emitter, type EmitterOptions, type Event } from './event';
