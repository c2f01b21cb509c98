import type { FeatureHandlers } from '../rpc';
import type { PlannerService } from './planner-service';

export function createPlannerHandlers(planner: PlannerService): FeatureHandlers<'planner'> {
  return {
    'planner:plan': ({ action }) => planner.plan(action),
    'planner:act': ({ action, override }) => planner.act(action, override),
    'planner:limits': () => planner.limits(),
    'planner:undoLimit': ({ service }) => planner.undoLimit(service),
  };
}
