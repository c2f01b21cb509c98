export * from './compose-model';
export { ComposeError } from './compose-error';
export { loadProject, normalizeProjectName, templateFiles, selectServices, type LoadOptions } from './compose-loader';
export { composeFilesIn, COMPOSE_FILE_NAMES, COMPOSE_OVERRIDE_NAMES } from './compose-discovery';
export { SUPPORTED_SERVICE_KEYS } from './service-normalizer';
export { SecretsStore, SECRET_NAME } from './secrets-store';
export { redactSecrets, REDACTED } from './secret-redaction';
export { Orchestrator } from './orchestrator';
export { oomScoreAdjForTier, containerCreateOptions, serviceLabels } from './container-spec';
export { configHash } from './config-hash';
export { parseBytes, parseDuration } from './units';
export { planWaves } from './stack-planner';
export { StackService, type StackServiceOptions, type ProfileChoice } from './stack-service';
export {
  AcknowledgementRepository,
  MemoryAcknowledgements,
  type AcknowledgementStore,
} from './acknowledgement-repository';
export { dangerousSettings } from './dangerous-settings';
export { createStackHandlers } from './stack-handlers';
