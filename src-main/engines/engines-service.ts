import type { EngineAddInput, EngineSummary } from '../../src-shared/api';
import type { EngineClient, EngineMonitor } from '../engine';
import { LOCAL_ENGINE } from './engine-entry';
import type { EngineAdd, EngineRegistry } from './engine-registry';

export interface EnginesServiceOptions {
  registry: EngineRegistry;
  /** The client every service of the core holds; `use` points it at the chosen engine. */
  engine: EngineClient;
  monitor: EngineMonitor;
}

/** The Engines page and `sutazai engines`: list, add, remove and choose the engine the stack runs on. */
export class EnginesService {
  constructor(private readonly o: EnginesServiceOptions) {}

  /** Every engine with what it says of itself, asked in parallel. */
  list(): Promise<EngineSummary[]> {
    const names = [LOCAL_ENGINE, ...this.o.registry.entries().map((e) => e.name)];
    return Promise.all(names.map((n) => this.o.registry.summary(n)));
  }

  add(input: EngineAddInput): Promise<EngineSummary> {
    const entry = this.o.registry.add(input as EngineAdd);
    return this.o.registry.summary(entry.name);
  }

  /** Forgets an engine; when it was current, the stack's services go back to the local engine. */
  remove(name: string): { removed: string } {
    const wasCurrent = this.o.registry.currentName() === name;
    this.o.registry.remove(name);
    if (wasCurrent) this.switchTo(LOCAL_ENGINE);
    return { removed: name };
  }

  /**
   * Makes an engine current. Nothing running on the previous engine is stopped; the supervisor,
   * logs, events and guard follow the new engine from their next request (streams reconnect).
   */
  use(name: string): Promise<EngineSummary> {
    const endpoint = this.o.registry.endpointOf(name);
    this.o.registry.setCurrent(name);
    this.o.engine.useEndpoint(endpoint);
    void this.o.monitor.check();
    return this.o.registry.summary(name);
  }

  importContexts(): { imported: string[] } {
    return { imported: this.o.registry.importContexts() };
  }

  private switchTo(name: string): void {
    this.o.engine.useEndpoint(this.o.registry.endpointOf(name));
    void this.o.monitor.check();
  }
}
