import type { ProviderTool } from './chat-provider';

/** A tool of a running MCP server, as the chat may offer it to a model. */
export interface OfferedTool {
  serverId: string;
  server: string;
  tool: string;
  description: string;
  inputSchema: Record<string, unknown>;
  /** The server marks the tool read-only. */
  readOnly: boolean;
  /** The user lets this server's read-only tools run without asking. */
  allowReadOnly: boolean;
}

export interface ToolResult {
  text: string;
  isError: boolean;
}

/** What the chat needs from the MCP servers: their tools, and a way to call one. */
export interface ToolHost {
  /** The tools of these servers; a server that is not running is named in `unavailable` with the reason. */
  tools(serverIds: string[]): Promise<{ tools: OfferedTool[]; unavailable: { name: string; reason: string }[] }>;
  call(
    serverId: string,
    tool: string,
    args: Record<string, unknown>,
    options: { signal: AbortSignal; timeoutMs: number },
  ): Promise<ToolResult>;
}

export interface ToolLimits {
  /** Tool calls one answer may make; after that the model is asked to answer without tools. */
  maxCallsPerAnswer: number;
  /** How long one call may run before it is cancelled. */
  callTimeoutMs: number;
  /** Characters of a result given to the model (and stored); the rest is cut, and the cut is said. */
  maxResultChars: number;
}

export const DEFAULT_TOOL_LIMITS: ToolLimits = { maxCallsPerAnswer: 8, callTimeoutMs: 60_000, maxResultChars: 16_000 };

/**
 * The names the model sees: a tool's own name when no other chosen server has a tool of that name,
 * else `<server>__<tool>`; only letters, digits, `_` and `-`, at most 64 characters (OpenAI's rule).
 */
export function nameTools(tools: OfferedTool[]): Map<string, OfferedTool> {
  const count = new Map<string, number>();
  for (const t of tools) count.set(t.tool, (count.get(t.tool) ?? 0) + 1);
  const clean = (s: string): string => s.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
  const named = new Map<string, OfferedTool>();
  for (const t of tools) {
    let name = clean(count.get(t.tool)! > 1 ? `${t.server}__${t.tool}` : t.tool);
    for (let n = 2; named.has(name); n++) name = clean(`${name.slice(0, 60)}_${n}`);
    named.set(name, t);
  }
  return named;
}

export function providerTools(named: Map<string, OfferedTool>): ProviderTool[] {
  return [...named].map(([name, t]) => ({
    name,
    description: `${t.description || t.tool} (MCP server: ${t.server})`.slice(0, 2000),
    parameters: t.inputSchema,
  }));
}

/** The result within `max` characters, with the cut said at its end. */
export function capResult(text: string, max: number): { text: string; truncatedChars?: number } {
  if (text.length <= max) return { text };
  const cut = text.length - max;
  return {
    text: `${text.slice(0, max)}\n[${cut} more characters were cut: results are capped at ${max}]`,
    truncatedChars: cut,
  };
}
