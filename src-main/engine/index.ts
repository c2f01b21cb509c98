export { discoverEngine, defaultSockets, type EngineEndpoint, type DiscoveryInput } from './engine-discovery';
export { EngineClient, dockerOptions, engineHint } from './engine-client';
export { EngineMonitor } from './engine-monitor';
export { createEngineHandlers } from './engine-handlers';
export { defaultBridgeGateway, type BridgeGateway } from './bridge-gateway';
