export { MCP_CATALOG, catalogEntry } from './mcp-catalog';
export { McpServerRepository, type McpServerRecord } from './mcp-server-repository';
export { McpLog, REDACTED } from './mcp-log';
export type { McpConnection, ServerListing } from './mcp-connection';
export { SupervisedServer, type SupervisedServerOptions } from './supervised-server';
export { McpManager, secretKey, type McpAddInput, type McpManagerOptions } from './mcp-manager';
export { NpmInstaller } from './npm-installer';
export { nodeRuntime, type NodeRuntime } from './node-runtime';
export { createMcpHandlers } from './mcp-handlers';
export { stackMcpSources, ALLOW_CHANGES_SETTING, type StackMcpParts, type StackMcpSources } from './stack-mcp-sources';
export { planStart, type StartPlan } from './start-plan';
export { containerName, removeServerContainer, type ContainerServerSpec } from './container-server';

// Loaded when first needed, so a run without MCP servers or clients does not hold the MCP SDK
// (about 10 MB of the app's memory).
/** The stack's MCP server and its stdio and HTTP transports. */
export const loadStackMcpServing = () => import('./stack-mcp-serving');
/** The transport of an MCP server that runs in a container of the stack. */
export const loadContainerTransport = () => import('./container-transport');
