import type { FeatureHandlers } from '../rpc';
import type { ModelService } from './model-service';

export function createModelsHandlers(models: ModelService): FeatureHandlers<'models'> {
  return {
    'models:status': () => models.status(),
    'models:list': () => models.list(),
    'models:pull': ({ model }) => models.pull(model),
    'models:cancelPull': ({ model }) => models.cancelPull(model),
    'models:delete': ({ model }) => models.remove(model),
    'models:setUrl': ({ url }) => models.setUrl(url),
    'models:pulls': (_input, emit) => models.pulls.watch(emit),
  };
}
