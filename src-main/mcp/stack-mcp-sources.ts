import { ApiError, type AppEvent } from '../../src-shared/api';
import type { EventLog } from '../events';
import { readHostMemory } from '../host';
import type { LogService } from '../logs';
import type { MetricsCollector } from '../metrics';
import { planLines, type PlannerService } from '../planner';
import type { StackService } from '../stack';
import type { SettingsRepository } from '../store';
import type { MetricsSnapshot } from '../../src-shared/api/features/metrics';
import type { Plan } from '../../src-shared/api/features/planner';

export const ALLOW_CHANGES_SETTING = 'mcp.allowChanges';

/** What the stack's MCP server reads and drives, for one compose project. */
export interface StackMcpSources {
  /** The project it acts on (the SutazAI stack, or any other managed project). */
  stack: StackService;
  /** The last `lines` lines of a service's log. */
  logs: (service: string, lines: number) => Promise<string>;
  events: (query: { service?: string; kinds?: string[]; since?: number; limit: number }) => AppEvent[];
  metrics: () => Promise<MetricsSnapshot>;
  hostMemory: () => Promise<{ totalBytes: number; availableBytes: number }>;
  /** The planner's answer for starting these profiles next to what runs (memory, guard, disk), when there is one. */
  planStart?: (profiles: string[]) => Promise<{ plan: Plan; lines: string[] }>;
  /** Whether the user allowed MCP clients to start and stop profiles (Settings), read at each call. */
  allowChanges: () => boolean;
  version: string;
}

export interface StackMcpParts {
  stack: StackService;
  logs: LogService;
  events: EventLog;
  metrics: MetricsCollector;
  settings: SettingsRepository;
  version: string;
  /** The planner of the same project: plan_start then says whether the start fits next to what runs. */
  planner?: Pick<PlannerService, 'plan'>;
}

/** The sources of the stack's MCP server from the core's services for one project. */
export function stackMcpSources(p: StackMcpParts): StackMcpSources {
  return {
    stack: p.stack,
    logs: (service, lines) => tailLog(p.logs, service, lines),
    events: (q) => p.events.list({ project: p.stack.project, ...q }),
    metrics: async () => p.metrics.latest() ?? (await p.metrics.tick()),
    hostMemory: () => readHostMemory(),
    ...(p.planner
      ? {
          planStart: async (profiles: string[]) => {
            const plan = await p.planner!.plan({ kind: 'start-profile', profiles });
            return { plan, lines: planLines(plan) };
          },
        }
      : {}),
    allowChanges: () => p.settings.get<boolean>(ALLOW_CHANGES_SETTING) === true,
    version: p.version,
  };
}

/** A service's last lines, read once (no follow), without colour. */
function tailLog(logs: LogService, service: string, lines: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => {
      stop();
      resolve(text);
    }, 15_000);
    const stop = logs.follow(
      { services: [service], tail: lines, timestamps: false, follow: false },
      (batch) => {
        text += batch.data;
        if (!batch.done) return;
        clearTimeout(timer);
        if (batch.error) reject(new ApiError(batch.error.code, batch.error.message, batch.error.hint));
        else resolve(text);
      },
      'mcp',
      false,
    );
  });
}
