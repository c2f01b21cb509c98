import type { EnginesService } from '../../engines';
import type { HttpHandlers } from './bind-endpoint';

type EnginesHandlers = Pick<
  HttpHandlers,
  'listEngines' | 'addEngine' | 'removeEngine' | 'useEngine' | 'importEngineContexts'
>;

/** /api/v1/engines: the engines the stack can run on, and the choice of one. */
export function enginesRoutes(engines: EnginesService): EnginesHandlers {
  return {
    listEngines: () => engines.list(),
    addEngine: ({ body }) => engines.add(body),
    removeEngine: ({ body }) => engines.remove(body.name),
    useEngine: ({ body }) => engines.use(body.name),
    importEngineContexts: () => engines.importContexts(),
  };
}
