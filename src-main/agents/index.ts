export { AgentRegistry } from './agent-registry';
export { ADAPTERS, platformOf, flowise, langflow, letta, dify, n8n, type Adapter } from './agent-adapters';
export { createAgentsHandlers } from './agents-handlers';
