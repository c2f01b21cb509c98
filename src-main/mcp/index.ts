export { MCP_CATALOG, catalogEntry } from './mcp-catalog';
export { McpServerRepository, type McpServerRecord } from './mcp-server-repository';
export { McpLog, REDACTED } from './mcp-log';
export { McpConnection, type ServerListing } from './mcp-connection';
export { SupervisedServer, type SupervisedServerOptions } from './supervised-server';
export { McpManager, secretKey, type McpAddInput, type McpManagerOptions } from './mcp-manager';
export { NpmInstaller } from './npm-installer';
export { nodeRuntime, type NodeRuntime } from './node-runtime';
export { createMcpHandlers } from './mcp-handlers';
export { createStackMcpServer, ALLOW_CHANGES_SETTING, type StackMcpSources } from './stack-mcp-server';
export { stackMcpSources, type StackMcpParts } from './stack-mcp-sources';
export { planStart, type StartPlan } from './start-plan';
export {
  ContainerStdioTransport,
  containerName,
  removeServerContainer,
  type ContainerServerSpec,
} from './container-transport';
