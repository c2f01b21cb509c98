import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createStackMcpServer } from './stack-mcp-server';
import type { StackMcpSources } from './stack-mcp-sources';

// The stack's MCP server and its transports, in one module the app loads when an MCP client first
// asks (a POST /mcp, or `sutazai mcp`), so runs without MCP clients do not hold the SDK.
export { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
export { createStackMcpServer };

/** One `POST /mcp` request, answered by a server of its own (the SDK's stateless mode, as JSON). */
export async function answerStackMcpRequest(
  sources: StackMcpSources,
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
): Promise<void> {
  const server = createStackMcpServer(sources);
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  res.once('close', () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, body);
}
