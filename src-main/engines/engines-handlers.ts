import type { FeatureHandlers } from '../rpc';
import type { EnginesService } from './engines-service';

export function createEnginesHandlers(service: EnginesService): FeatureHandlers<'engines'> {
  return {
    'engines:list': () => service.list(),
    'engines:add': (input) => service.add(input),
    'engines:remove': ({ name }) => service.remove(name),
    'engines:use': ({ name }) => service.use(name),
    'engines:importContexts': () => service.importContexts(),
    'engines:hostFigures': () => service.hostFigures(),
  };
}
