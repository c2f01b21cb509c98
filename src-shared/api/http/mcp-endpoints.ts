import { z } from 'zod';
import { endpoint } from './endpoint';

const id = z.union([z.string().max(200), z.number().int()]);

/** One JSON-RPC 2.0 message as MCP sends it (a request, a notification or a response). */
const jsonRpcMessage = z
  .object({
    jsonrpc: z.literal('2.0'),
    id: id.optional(),
    method: z.string().min(1).max(200).optional(),
    params: z.record(z.string(), z.unknown()).optional(),
    result: z.record(z.string(), z.unknown()).optional(),
    error: z.object({ code: z.number().int(), message: z.string(), data: z.unknown().optional() }).optional(),
  })
  .strict();

export const mcpEndpoints = {
  mcp: endpoint({
    method: 'POST',
    path: '/mcp',
    tag: 'mcp',
    summary: 'The control center as an MCP server (streamable HTTP, stateless)',
    description:
      'MCP clients post JSON-RPC messages here with the token as a bearer credential. Tools read the stack ' +
      '(services, logs, events, metrics, a start plan); start_profile and stop_profile answer with a refusal ' +
      'until changes are allowed in Settings. Each request is its own session: there is no GET stream.',
    body: z.union([jsonRpcMessage, z.array(jsonRpcMessage).min(1).max(100)]),
    example: {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'example', version: '1' } },
    },
    reply: {
      kind: 'protocol',
      protocol: 'MCP streamable HTTP',
      contentTypes: ['application/json', 'text/event-stream'],
      description: 'The JSON-RPC answer (202 with no body for notifications and responses).',
    },
    errors: ['INVALID_INPUT', 'TOO_LARGE'],
  }),
};
