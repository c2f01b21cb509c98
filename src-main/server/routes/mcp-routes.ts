import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createStackMcpServer, type StackMcpSources } from '../../mcp';
import type { HttpHandlers } from './bind-endpoint';

/**
 * `POST /mcp`: the stack's MCP server over streamable HTTP, behind the same token as the API. Each
 * request is a session of its own (the SDK's stateless mode), answered as JSON.
 */
export function mcpRoutes(sources: () => StackMcpSources): Pick<HttpHandlers, 'mcp'> {
  return {
    mcp: async ({ body }, { req, res }) => {
      const server = createStackMcpServer(sources());
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      res.once('close', () => {
        void transport.close();
        void server.close();
      });
      await server.connect(transport);
      await transport.handleRequest(req, res, body);
    },
  };
}
