import type { PlannerService } from '../../planner';
import type { HttpHandlers } from './bind-endpoint';

/** `POST /api/v1/plan` and `POST /api/v1/act`: the planner for scripts, with the override explicit in the body. */
export function plannerRoutes(planner: PlannerService): Pick<HttpHandlers, 'plan' | 'act'> {
  return {
    plan: ({ body }) => planner.plan(body.action),
    act: ({ body }) => planner.act(body.action, body.override),
  };
}
