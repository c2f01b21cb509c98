export { EngineRegistry, type EngineAdd, type EngineRegistryOptions } from './engine-registry';
export { EnginesService, isLocalEngineUrl, type EnginesServiceOptions } from './engines-service';
export { HostProbe, DEFAULT_PROBE_IMAGE, PROBE_LABEL, type HostProbeOptions, type ProbeSample } from './host-probe';
export { createEnginesHandlers } from './engines-handlers';
export { connectionOptions, describeHostKey, type ConnectionContext } from './engine-connection';
export { readDockerContexts } from './docker-contexts';
export { checkHostKey, knownHostName, parseKnownHosts, type HostKeyVerdict } from './known-hosts';
export { LOCAL_ENGINE, engineKind, type EngineEntry } from './engine-entry';
export { EngineTunnel, type EngineTunnelOptions } from './engine-tunnel';
