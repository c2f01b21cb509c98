import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { ServiceStatus } from '../../src-shared/api';
import type { StackMcpSources } from './stack-mcp-sources';
import { planStart } from './start-plan';

const text = (value: unknown, structured?: Record<string, unknown>): CallToolResult => ({
  content: [{ type: 'text', text: typeof value === 'string' ? value : JSON.stringify(value, null, 2) }],
  ...(structured ? { structuredContent: structured } : {}),
});
const refusal = (message: string): CallToolResult => ({ content: [{ type: 'text', text: message }], isError: true });
const failure = (err: unknown): CallToolResult => {
  const e = err as { message?: string; hint?: string };
  return refusal(`${e.message ?? String(err)}${e.hint ? `\nfix: ${e.hint}` : ''}`);
};

const READ = { readOnlyHint: true, destructiveHint: false, openWorldHint: false } as const;
const CHANGE = { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;
const profiles = z
  .array(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/))
  .min(1)
  .max(10)
  .describe('Profile names, e.g. ["minimal"]');

function service(s: ServiceStatus) {
  return {
    service: s.service,
    state: s.state,
    health: s.health,
    tier: s.tier,
    status: s.status,
    image: s.image,
    profiles: s.profiles,
    ports: s.ports.map((p) => `${p.hostIp}:${p.hostPort}->${p.containerPort}`),
  };
}

/**
 * The control center as an MCP server: tools that read the project's services, logs, events,
 * metrics and a start plan; tools that start or stop profiles, which answer with a refusal until
 * the user allows changes in Settings. One server per MCP session (stdio, or one HTTP request).
 */
export function createStackMcpServer(src: StackMcpSources): McpServer {
  const server = new McpServer({ name: 'sutazai-control-center', version: src.version });
  const project = src.stack.project;
  const guarded = async (run: () => Promise<CallToolResult>): Promise<CallToolResult> => {
    try {
      return await run();
    } catch (err) {
      return failure(err);
    }
  };

  server.registerTool(
    'list_services',
    {
      title: 'List services',
      description: `The services of the ${project} stack that have a container: state, health, tier, ports.`,
      annotations: READ,
    },
    () =>
      guarded(async () => {
        const services = (await src.stack.ps()).map(service);
        return text(services, { project, services });
      }),
  );

  server.registerTool(
    'list_profiles',
    {
      title: 'List profiles',
      description: `The profiles of the ${project} stack and their services.`,
      annotations: READ,
    },
    () => guarded(async () => text(src.stack.profiles())),
  );

  server.registerTool(
    'service_logs',
    {
      title: 'Recent log lines of a service',
      description: 'The last lines a service printed (stdout and stderr).',
      inputSchema: {
        service: z.string().min(1).max(100).describe('A service name, as list_services gives it'),
        lines: z.number().int().min(1).max(1000).default(100).describe('How many lines, 1 to 1000'),
      },
      annotations: READ,
    },
    ({ service: name, lines }) =>
      guarded(async () => text((await src.logs(name, lines)) || `(${name} printed nothing)`)),
  );

  server.registerTool(
    'recent_events',
    {
      title: 'Recent events',
      description: 'Supervision, memory guard, engine and alert events, newest first.',
      inputSchema: {
        service: z.string().max(100).optional().describe('Only this service'),
        kinds: z
          .array(z.string().max(40))
          .max(20)
          .optional()
          .describe('Only these kinds, e.g. ["crashed", "oom-kill"]'),
        since_minutes: z
          .number()
          .int()
          .min(1)
          .max(60 * 24 * 30)
          .optional()
          .describe('Only the last N minutes'),
        limit: z.number().int().min(1).max(500).default(50),
      },
      annotations: READ,
    },
    ({ service: name, kinds, since_minutes, limit }) =>
      guarded(async () => {
        const events = src
          .events({
            ...(name ? { service: name } : {}),
            ...(kinds ? { kinds } : {}),
            ...(since_minutes ? { since: Date.now() - since_minutes * 60_000 } : {}),
            limit,
          })
          .map((e) => ({ ...e, time: new Date(e.time).toISOString() }));
        return text(events.length ? events : 'no events match', { events });
      }),
  );

  server.registerTool(
    'metrics',
    {
      title: 'Current metrics',
      description: 'Host CPU, memory, network and disk, and each running container’s CPU and memory against its limit.',
      annotations: READ,
    },
    () =>
      guarded(async () => {
        const m = await src.metrics();
        const summary = {
          time: new Date(m.time).toISOString(),
          host: m.host,
          containers: m.containers.map((c) => ({
            name: c.name,
            service: c.service,
            cpuPercent: c.cpuPercent,
            memoryBytes: c.memBytes,
            memoryLimitBytes: c.memLimitBytes,
          })),
          gpus: m.gpus,
        };
        return text(summary);
      }),
  );

  server.registerTool(
    'plan_start',
    {
      title: 'Plan a start',
      description:
        'What starting these profiles would do: the services that would start, their memory reservations and limits against the host’s available memory, settings that need the user’s confirmation, and the planner’s verdict next to what runs (fits, crosses the warning line, the guard would stop services, would not fit, not enough disk) with each figure’s source. Changes nothing.',
      inputSchema: { profiles },
      annotations: READ,
    },
    ({ profiles: chosen }) =>
      guarded(async () => {
        const plan = await planStart(src.stack, chosen, await src.hostMemory());
        const fit = await src.planStart?.(chosen);
        if (!fit) return text(plan.summary, plan as unknown as Record<string, unknown>);
        return text([plan.summary, ...fit.lines].join('\n'), { ...plan, memoryPlan: fit.plan });
      }),
  );

  const changesOff = (what: string): CallToolResult =>
    refusal(
      `Refused: ${what} changes the stack, and MCP clients may only read it. To allow it, turn on "Let MCP clients start and stop profiles" in the control center's Settings.`,
    );

  server.registerTool(
    'start_profile',
    {
      title: 'Start profiles',
      description: `Starts the services of these profiles in the ${project} stack and waits until they are ready. Refused unless changes are allowed in Settings.`,
      inputSchema: { profiles },
      annotations: CHANGE,
    },
    ({ profiles: chosen }) =>
      guarded(async () => {
        if (!src.allowChanges()) return changesOff('start_profile');
        const report = await src.stack.up(chosen, true);
        return text(report, report as unknown as Record<string, unknown>);
      }),
  );

  server.registerTool(
    'stop_profile',
    {
      title: 'Stop profiles',
      description: `Stops and removes the containers of these profiles in the ${project} stack (volumes are kept). Refused unless changes are allowed in Settings.`,
      inputSchema: { profiles },
      annotations: { ...CHANGE, destructiveHint: true },
    },
    ({ profiles: chosen }) =>
      guarded(async () => {
        if (!src.allowChanges()) return changesOff('stop_profile');
        const report = await src.stack.down(chosen);
        return text(report, report as unknown as Record<string, unknown>);
      }),
  );

  return server;
}
