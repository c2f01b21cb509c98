import type { FeatureHandlers } from '../rpc';
import type { PlannerService } from './planner-service';

/** `plannerOf(project)`: the planner of that managed project, the SutazAI stack's when none is named. */
export function createPlannerHandlers(plannerOf: (project?: string) => PlannerService): FeatureHandlers<'planner'> {
  return {
    'planner:plan': ({ project, action }) => plannerOf(project).plan(action),
    'planner:act': ({ project, action, override }) => plannerOf(project).act(action, override),
    'planner:limits': () => plannerOf().limits(),
    'planner:undoLimit': ({ service }) => plannerOf().undoLimit(service),
  };
}
