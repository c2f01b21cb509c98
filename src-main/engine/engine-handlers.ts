import type { FeatureHandlers } from '../rpc';
import type { EngineMonitor } from './engine-monitor';

export function createEngineHandlers(monitor: EngineMonitor): FeatureHandlers<'engine'> {
  return {
    'engine:status': () => monitor.current(),
    'engine:watch': (_input, emit) => monitor.subscribe(emit),
  };
}
