import type { LayerProgress, PullState } from '../../src-shared/api';
import { Emitter, type IDisposable } from '../base';

/**
 * The pulls this core started: their progress per layer and a way to cancel each. Ollama sends
 * many progress lines a second; listeners get them at most every `intervalMs`, and at once when
 * a pull starts or ends.
 */
export class PullTracker {
  private readonly pulls = new Map<string, { state: PullState; controller: AbortController }>();
  private readonly changes = new Emitter<PullState[]>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly intervalMs = 100) {}

  begin(model: string): AbortController {
    const controller = new AbortController();
    this.pulls.set(model, { state: { model, status: 'running', phase: 'starting', layers: [] }, controller });
    this.changed();
    return controller;
  }

  running(model: string): PullState | undefined {
    const p = this.pulls.get(model);
    return p?.state.status === 'running' ? p.state : undefined;
  }

  progress(model: string, line: { status: string; digest?: string; total?: number; completed?: number }): void {
    const p = this.pulls.get(model);
    if (!p) return;
    p.state.phase = line.status;
    if (line.digest && typeof line.total === 'number') {
      const layer: LayerProgress = { digest: line.digest, total: line.total, completed: line.completed ?? 0 };
      const i = p.state.layers.findIndex((l) => l.digest === line.digest);
      if (i >= 0) p.state.layers[i] = layer;
      else p.state.layers.push(layer);
    }
    this.timer ??= setTimeout(() => this.changed(), this.intervalMs);
  }

  finish(model: string, status: PullState['status'], error?: string): PullState | undefined {
    const p = this.pulls.get(model);
    if (!p) return undefined;
    p.state.status = status;
    if (error) p.state.error = error;
    this.changed();
    return p.state;
  }

  cancel(model: string): PullState | null {
    const p = this.pulls.get(model);
    if (!p || p.state.status !== 'running') return null;
    p.controller.abort();
    return p.state;
  }

  list(): PullState[] {
    return [...this.pulls.values()].map((p) => ({ ...p.state, layers: p.state.layers.map((l) => ({ ...l })) }));
  }

  /** Every pull's state now and on each change. */
  watch(listener: (states: PullState[]) => void): IDisposable {
    const subscription = this.changes.event(listener);
    listener(this.list());
    return subscription;
  }

  /** Cancels the running pulls. */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const p of this.pulls.values()) if (p.state.status === 'running') p.controller.abort();
  }

  private changed(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.changes.fire(this.list());
  }
}
