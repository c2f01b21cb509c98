import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { McpToolInfo } from '../../src-shared/api';
import { Emitter, type Event } from '../base';
import type { ToolResult } from '../chat';

export interface ServerListing {
  serverVersion?: string;
  tools: McpToolInfo[];
  prompts: { name: string; description?: string }[];
  resources: { uri: string; name: string; mimeType?: string }[];
}

/** At most this many pages of a list are read from one server. */
const MAX_PAGES = 20;

/**
 * One MCP session with a server through the official SDK's client: what the server offers, and
 * tool calls. `onClose` fires once when the session ends for any reason (the process exited, the
 * connection dropped, `close` was called).
 */
export class McpConnection {
  private readonly closed = new Emitter<void>();
  readonly onClose: Event<void> = this.closed.event;
  private readonly listChanged = new Emitter<void>();
  /** The server said its tools changed. */
  readonly onToolsChanged: Event<void> = this.listChanged.event;
  private ended = false;

  private constructor(
    readonly client: Client,
    readonly transport: Transport,
  ) {
    client.onclose = () => {
      if (this.ended) return;
      this.ended = true;
      this.closed.fire();
      this.closed.dispose();
    };
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => this.listChanged.fire());
  }

  /** Connects (the protocol's initialize handshake) within `timeoutMs`; `version` is the app's, told to the server. */
  static async open(transport: Transport, timeoutMs: number, version: string): Promise<McpConnection> {
    const client = new Client({ name: 'sutazai-control-center', version }, { capabilities: {} });
    const connection = new McpConnection(client, transport);
    try {
      await client.connect(transport, { timeout: timeoutMs });
    } catch (err) {
      await connection.close();
      throw err;
    }
    return connection;
  }

  get isOpen(): boolean {
    return !this.ended;
  }

  async listing(timeoutMs: number): Promise<ServerListing> {
    const caps = this.client.getServerCapabilities() ?? {};
    const version = this.client.getServerVersion();
    const options = { timeout: timeoutMs };
    const tools: McpToolInfo[] = [];
    if (caps.tools) {
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const r = await this.client.listTools(cursor ? { cursor } : {}, options);
        for (const t of r.tools) {
          tools.push({
            name: t.name,
            ...((t.title ?? t.annotations?.title) ? { title: t.title ?? t.annotations?.title } : {}),
            ...(t.description ? { description: t.description } : {}),
            inputSchema: t.inputSchema as Record<string, unknown>,
            readOnly: t.annotations?.readOnlyHint === true,
          });
        }
        cursor = r.nextCursor;
        if (!cursor) break;
      }
    }
    const prompts = caps.prompts
      ? (await this.client.listPrompts({}, options)).prompts.map((p) => ({
          name: p.name,
          ...(p.description ? { description: p.description } : {}),
        }))
      : [];
    const resources = caps.resources
      ? (await this.client.listResources({}, options)).resources.map((r) => ({
          uri: r.uri,
          name: r.name,
          ...(r.mimeType ? { mimeType: r.mimeType } : {}),
        }))
      : [];
    return {
      ...(version ? { serverVersion: `${version.name} ${version.version}` } : {}),
      tools,
      prompts,
      resources,
    };
  }

  /** Calls a tool; its content as text (text parts as they are, other parts named). */
  async callTool(
    name: string,
    args: Record<string, unknown>,
    options: { signal: AbortSignal; timeoutMs: number },
  ): Promise<ToolResult> {
    const result = await this.client.callTool({ name, arguments: args }, undefined, {
      signal: options.signal,
      timeout: options.timeoutMs,
    });
    return { text: resultText(result), isError: result.isError === true };
  }

  async close(): Promise<void> {
    try {
      await this.client.close();
    } catch {
      // Already gone.
    }
    if (!this.ended) {
      this.ended = true;
      this.closed.fire();
      this.closed.dispose();
    }
  }
}

type CallResult = Awaited<ReturnType<Client['callTool']>>;

function resultText(result: CallResult): string {
  const content = (result.content ?? []) as {
    type: string;
    text?: string;
    mimeType?: string;
    uri?: string;
    resource?: { uri?: string; text?: string };
  }[];
  const parts = content.map((c) => {
    switch (c.type) {
      case 'text':
        return c.text ?? '';
      case 'image':
      case 'audio':
        return `[${c.type}: ${c.mimeType ?? 'unknown type'}]`;
      case 'resource':
        return c.resource?.text ?? `[resource: ${c.resource?.uri ?? ''}]`;
      case 'resource_link':
        return `[resource link: ${c.uri ?? ''}]`;
      default:
        return `[${c.type}]`;
    }
  });
  if (parts.length === 0 && result.structuredContent !== undefined) return JSON.stringify(result.structuredContent);
  if (parts.length === 0 && 'toolResult' in result) return JSON.stringify(result.toolResult);
  return parts.join('\n');
}
