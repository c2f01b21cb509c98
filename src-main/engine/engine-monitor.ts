import type { EngineStatus } from '../../src-shared/api';
import { Emitter, type IDisposable } from '../base';
import type { EngineClient } from './engine-client';

/**
 * Keeps the engine's status current while someone listens: checks every few seconds (faster
 * while disconnected, so a started engine shows up quickly) and tells listeners when anything
 * they would see has changed.
 */
export class EngineMonitor {
  /** Polling runs while someone listens. */
  private readonly changed = new Emitter<EngineStatus>({ onDidRemoveLastListener: () => this.pause() });
  private timer: NodeJS.Timeout | undefined;
  private last: EngineStatus | undefined;
  private inflight: Promise<EngineStatus> | undefined;

  constructor(
    private readonly client: EngineClient,
    private readonly intervals = { connectedMs: 5000, disconnectedMs: 2000 },
  ) {}

  /** The current status, asking the engine when no fresh answer is at hand. */
  async current(maxAgeMs = 1000): Promise<EngineStatus> {
    if (this.last && Date.now() - this.last.checkedAt <= maxAgeMs) return this.last;
    return this.check();
  }

  /** Each change of the status, starting with the latest one; the engine is watched while someone listens. */
  subscribe(listener: (status: EngineStatus) => void): IDisposable {
    const subscription = this.changed.event(listener);
    if (this.last) listener(this.last);
    void this.check();
    this.schedule();
    return subscription;
  }

  /** Checks now; concurrent callers share one request. */
  check(): Promise<EngineStatus> {
    this.inflight ??= this.client.status().then((status) => {
      this.inflight = undefined;
      const changed = !this.last || fingerprint(this.last) !== fingerprint(status);
      this.last = status;
      if (changed) this.changed.fire(status);
      return status;
    });
    return this.inflight;
  }

  dispose(): void {
    this.changed.dispose();
    this.pause();
  }

  private pause(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.timer || !this.changed.hasListeners) return;
    const delay = this.last?.connected ? this.intervals.connectedMs : this.intervals.disconnectedMs;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.check().finally(() => this.schedule());
    }, delay);
    this.timer.unref?.();
  }
}

function fingerprint(s: EngineStatus): string {
  const { checkedAt: _checkedAt, ...rest } = s;
  return JSON.stringify(rest);
}
