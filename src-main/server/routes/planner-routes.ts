import type { PlannerService } from '../../planner';
import type { HttpHandlers } from './bind-endpoint';

/** `POST /api/v1/plan` and `POST /api/v1/act`: the planner for scripts, with the override explicit in the body. */
export function plannerRoutes(plannerOf: (project?: string) => PlannerService): Pick<HttpHandlers, 'plan' | 'act'> {
  return {
    plan: ({ body }) => plannerOf(body.project).plan(body.action),
    act: ({ body }) => plannerOf(body.project).act(body.action, body.override),
  };
}
