import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { McpTransport } from '../../src-shared/api';
import type { McpLog } from './mcp-log';

/** What a server is run with, resolved at each start. */
export interface TransportPlan {
  transport: McpTransport;
  /** Secret variables and their values, given to a child process (or a container) as its environment. */
  env: Record<string, string>;
}

/** Builds the SDK transport of a stdio or URL server; its stderr (stdio) goes to `log`. */
export function sdkTransport(plan: TransportPlan, log: McpLog): Transport {
  const t = plan.transport;
  switch (t.kind) {
    case 'stdio': {
      const transport = new StdioClientTransport({
        command: t.command,
        args: t.args,
        env: plan.env,
        stderr: 'pipe',
        ...(t.cwd ? { cwd: t.cwd } : {}),
      });
      transport.stderr?.on('data', (d: Buffer) => log.write(d.toString('utf8')));
      return transport;
    }
    case 'http':
      return new StreamableHTTPClientTransport(new URL(t.url));
    case 'sse':
      return new SSEClientTransport(new URL(t.url));
    case 'container':
      throw new Error('a container server needs the engine; it is built by the container transport');
  }
}

export function pidOf(t: Transport): number | undefined {
  return t instanceof StdioClientTransport ? (t.pid ?? undefined) : undefined;
}
