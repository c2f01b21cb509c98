import type { FeatureHandlers } from '../rpc';
import { MCP_CATALOG } from './mcp-catalog';
import type { McpManager } from './mcp-manager';

export function createMcpHandlers(mcp: McpManager): FeatureHandlers<'mcp'> {
  return {
    'mcp:catalog': () => MCP_CATALOG,
    'mcp:servers': () => mcp.views(),
    'mcp:add': (input) => mcp.add(input),
    'mcp:update': (input) => mcp.update(input),
    'mcp:remove': async ({ id }) => {
      await mcp.remove(id);
      return { removed: id };
    },
    'mcp:restart': ({ id }) => mcp.restart(id),
    'mcp:log': ({ id }) => mcp.log(id),
    'mcp:watch': (_input, emit) => mcp.watch(emit),
  };
}
