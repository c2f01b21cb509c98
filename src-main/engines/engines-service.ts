import type { EngineAddInput, EngineHostFigures, EngineSummary } from '../../src-shared/api';
import { readHostMemory, type HostMemory } from '../host';
import type { EngineClient, EngineMonitor } from '../engine';
import { LOCAL_ENGINE } from './engine-entry';
import type { EngineAdd, EngineRegistry } from './engine-registry';
import type { HostProbe } from './host-probe';

export interface EnginesServiceOptions {
  registry: EngineRegistry;
  /** The client every service of the core holds; `use` points it at the chosen engine. */
  engine: EngineClient;
  monitor: EngineMonitor;
  /** Reads the host figures of a machine whose engine is reached over the network. */
  probe: () => HostProbe;
}

/** Whether the engine runs on this machine (its socket is a local file), so /proc here is its host's. */
export function isLocalEngineUrl(url: string): boolean {
  return url.startsWith('unix://') || url.startsWith('npipe://');
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
    this.o.probe().reset();
    void this.o.monitor.check();
    return this.o.registry.summary(name);
  }

  /** The machine's memory as the guard reads it: /proc here for a local engine, else the probe on the engine. */
  hostMemory(): Promise<HostMemory> {
    return isLocalEngineUrl(this.o.engine.endpoint.url) ? readHostMemory({ pressure: true }) : this.o.probe().memory();
  }

  async hostFigures(): Promise<EngineHostFigures> {
    const engine = this.o.registry.currentName();
    if (isLocalEngineUrl(this.o.engine.endpoint.url))
      return { engine, source: 'this machine', ...(await readHostMemory({ pressure: true })), sampledAt: Date.now() };
    const s = await this.o.probe().sample();
    return { engine, source: 'probe', ...s.memory, cpuPercent: s.cpuPercent, sampledAt: s.time };
  }

  importContexts(): { imported: string[] } {
    return { imported: this.o.registry.importContexts() };
  }

  private switchTo(name: string): void {
    this.o.engine.useEndpoint(this.o.registry.endpointOf(name));
    this.o.probe().reset();
    void this.o.monitor.check();
  }
}
