export { discoverEngine, defaultSockets, type EngineEndpoint, type DiscoveryInput } from './engine-discovery';
export { EngineClient, dockerOptions, engineHint } from './engine-client';
export { EngineMonitor } from './engine-monitor';
export { createEngineHandlers } from './engine-handlers';
export { isConnectionError, pingFailure, pingOnNewConnection } from './engine-ping';
export {
  listProjectContainers,
  listProjectsContainers,
  serviceLabels,
  tierOf,
  type ContainerQuery,
  type ProjectContainer,
  type ProjectScope,
  type ServiceLabels,
} from './project-containers';
export { defaultBridgeGateway, type BridgeGateway } from './bridge-gateway';
