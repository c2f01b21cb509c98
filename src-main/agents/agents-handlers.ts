import type { FeatureHandlers } from '../rpc';
import type { AgentRegistry } from './agent-registry';

export function createAgentsHandlers(registry: AgentRegistry): FeatureHandlers<'agents'> {
  return {
    'agents:list': () => registry.list(),
    'agents:send': ({ service, prompt, target }) => registry.send(service, prompt, target),
    'agents:configure': async ({ service, target, apiKey }) => {
      await registry.configure(service, {
        ...(target !== undefined ? { target } : {}),
        ...(apiKey !== undefined ? { apiKey } : {}),
      });
      return registry.find(service);
    },
  };
}
