export { validateModelName } from './model-name';
export {
  resolveOllamaEndpoint,
  normalizeOllamaUrl,
  stackOllamaUrl,
  stackServiceUrl,
  OLLAMA_URL_SETTING,
  DEFAULT_OLLAMA_URL,
  type OllamaEndpoint,
} from './ollama-endpoint';
export { ollamaError } from './ollama-errors';
export { ModelService, STARTER_MODEL, STARTER_PROFILE, type ModelServiceOptions } from './model-service';
export { createModelsHandlers } from './models-handlers';
