import { loadStackMcpServing, type StackMcpSources } from '../../mcp';
import type { HttpHandlers } from './bind-endpoint';

/**
 * `POST /mcp`: the stack's MCP server over streamable HTTP, behind the same token as the API. Each
 * request is a session of its own (the SDK's stateless mode), answered as JSON. The server's
 * modules are loaded at the first request.
 */
export function mcpRoutes(sources: () => StackMcpSources): Pick<HttpHandlers, 'mcp'> {
  return {
    mcp: async ({ body }, { req, res }) => {
      const { answerStackMcpRequest } = await loadStackMcpServing();
      await answerStackMcpRequest(sources(), req, res, body);
    },
  };
}
