export { EngineRegistry, type EngineAdd, type EngineRegistryOptions } from './engine-registry';
export { EnginesService, type EnginesServiceOptions } from './engines-service';
export { createEnginesHandlers } from './engines-handlers';
export { connectionOptions, describeHostKey, type ConnectionContext } from './engine-connection';
export { readDockerContexts } from './docker-contexts';
export { checkHostKey, knownHostName, parseKnownHosts, type HostKeyVerdict } from './known-hosts';
export { LOCAL_ENGINE, engineKind, type EngineEntry } from './engine-entry';
